import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../../domain/src/shared/event';
import { notFound } from '../../../domain/src/shared/errors';
import { deriveId } from '../../../domain/src/shared/ids';
import { streams } from '../../../domain/src/shared/streams';
import { templateDecider } from '../../../domain/src/template/decider';
import type { TemplateChild, TemplateJob } from '../../../domain/src/template/events';
import type { Position } from '../../../eventstore/src/port';
import { READ_STORE, type ReadStore } from '../../../readstore/src/port';
import { requireRole } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { loadState } from '../commands/command-executor';
import { newIdFor } from '../commands/command-context';
import { effectsOf, type CommandResult } from '../commands/command-result';
import { CommandRunner } from '../commands/command-runner';
import { DefineTemplateCommand, InstantiateTemplateCommand } from './commands';
import { requireNoOtherRoot } from './earlier-creation';
import { JobCreation } from './job-creation.service';
import { rootCreatedBy } from './job-ids';
import { creationFacts, jobSpecOf, rootJobData } from './new-job';
import { checkedJobData } from '../../../domain/src/job/creation';

@CommandHandler(DefineTemplateCommand)
export class DefineTemplateHandler implements ICommandHandler<DefineTemplateCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}
  async execute({ principal, ctx, input }: DefineTemplateCommand): Promise<CommandResult> {
    requireRole(principal);
    const templateId = newIdFor(ctx, 'templateId');
    const o = await this.runner.run(streams.template(templateId), templateDecider, () => ({ type: 'DefineTemplate' as const, templateId, ...input }), ctx);
    return { body: { templateId, name: o.state.status === 'defined' ? o.state.name : input.name }, ...effectsOf(o) };
  }
}

/** The template's job and all its descendants, depth first, each with the level it is created at. */
const everyJob = (job: TemplateJob, children: readonly TemplateChild[], depth = 1): { job: TemplateJob; depth: number }[] =>
  [{ job, depth }, ...children.flatMap(({ children: grandchildren, ...child }) => everyJob(child, grandchildren ?? [], depth + 1))];

type Made = { jobId: string; parentId: string | null; position: Position | null };

/**
 * The template's job, then its children depth first, each a command of its own whose id
 * derives from this one: a repeat (same Idempotency-Key), or a retry after a crash half-way,
 * finds what was made and makes only what is missing.
 */
@CommandHandler(InstantiateTemplateCommand)
export class InstantiateTemplateHandler implements ICommandHandler<InstantiateTemplateCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner, private readonly creation: JobCreation, @Inject(READ_STORE) private readonly read: ReadStore) {}
  async execute({ principal, ctx, templateId, projectSlug }: InstantiateTemplateCommand): Promise<CommandResult> {
    requireRole(principal);
    const { state } = await loadState(this.runner.store, streams.template(templateId), templateDecider);
    if (state.status === 'absent') throw notFound('TEMPLATE_NOT_FOUND', `template ${templateId} not found`);
    await requireNoOtherRoot(this.read, ctx);
    // A repeat (its root already made by this command) answers as the first time, whatever the
    // project's defaults or the assignees' access are now: the creations below answer from what
    // they stored, and check only the children still missing (docs/decisions.md, "Idempotency").
    if (!(await rootCreatedBy(this.runner.store, projectSlug, ctx.commandId))) {
      // Every job checked as it will be created (the project's defaults merged in, at its level)
      // before the first append: a template is refused whole, not half made.
      for (const { job, depth } of everyJob(state.job, state.children)) {
        const spec = jobSpecOf(job, await creationFacts(this.runner.store, projectSlug, job));
        checkedJobData({ ...rootJobData(spec, `${projectSlug}-00000000`, projectSlug), depth });
      }
    }
    const root = await this.creation.createRoot(principal, ctx, projectSlug, state.job);
    const made: Made[] = [root];
    await this.children(principal, ctx, projectSlug, root.jobId, state.children, 'job', made);
    const position = made.reduce<Position | null>((p, m) => (m.position !== null && (p === null || m.position > p) ? m.position : p), null);
    return {
      body: { templateId, jobId: root.jobId, jobs: made.map(({ jobId, parentId }) => ({ jobId, parentId })) },
      position, eventTypes: ['JobCreated', 'JobChildAllocated'],
    };
  }

  private async children(p: Principal, ctx: CommandContext, projectSlug: string, parentId: string, children: readonly TemplateChild[], path: string, made: Made[]) {
    for (const [i, { children: grandchildren, ...child }] of children.entries()) {
      const at = `${path}.${i}`;
      const childCtx = { ...ctx, commandId: deriveId(ctx.commandId, 'template-child', at) };
      const created = await this.creation.createChild(p, childCtx, projectSlug, parentId, child);
      made.push(created);
      await this.children(p, ctx, projectSlug, created.jobId, grandchildren ?? [], at, made);
    }
  }
}
