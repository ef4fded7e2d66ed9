import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { JobCommand } from '../../../domain/src/job/commands';
import { jobDecider } from '../../../domain/src/job/decider';
import { requireOpen } from '../../../domain/src/job/rules';
import { RELATIONS, type JobEvent, type Relation } from '../../../domain/src/job/events';
import { fold } from '../../../domain/src/shared/decider';
import { notFound } from '../../../domain/src/shared/errors';
import { deriveId } from '../../../domain/src/shared/ids';
import { streams } from '../../../domain/src/shared/streams';
import type { RecordedEvent } from '../../../eventstore/src/port';
import { READ_STORE, type ReadStore } from '../../../readstore/src/port';
import { requireRole } from '../auth/policy';
import { requireSameRequest } from '../commands/same-request';
import { SerialByKey } from '../commands/serial-by-key';
import type { CommandResult } from '../commands/command-result';
import { readFolded } from '../commands/folded-states';
import { JobCommands } from '../execution/job-commands.service';
import { AddDependencyCommand, RemoveDependencyCommand } from './commands';
import { ORDERING, orderingPath, storedAs } from './dependency-graph';
import { requireNoOtherAddition } from './earlier-creation';

@CommandHandler(AddDependencyCommand)
export class AddDependencyHandler implements ICommandHandler<AddDependencyCommand, CommandResult> {
  /**
   * Ordering relations are added one at a time here: their cycle check walks other jobs' streams,
   * which the append's revision guard (one stream's) does not cover, so two additions at once
   * (`a blocked_by b`, `b blocked_by a`) would each miss the other's half of the cycle.
   */
  private readonly ordering = new SerialByKey();
  constructor(private readonly jobs: JobCommands, @Inject(READ_STORE) private readonly read: ReadStore) {}
  async execute(command: AddDependencyCommand): Promise<CommandResult> {
    return ORDERING.includes(storedAs(command.jobId, command.relatedJobId, command.relation).relation) ? this.ordering.run('ordering', () => this.add(command)) : this.add(command);
  }

  private async add({ principal, ctx, jobId, relatedJobId, relation }: AddDependencyCommand): Promise<CommandResult> {
    requireRole(principal);
    const store = this.jobs.runner.store;
    const stored = storedAs(jobId, relatedJobId, relation);
    await requireNoOtherAddition(this.read, ctx);
    if (stored.on !== jobId && !(await this.jobs.appendedBefore(stored.on, ctx))) {
      // `blocks` is kept on the other job: the named one is checked here as every other relation
      // checks it through its own stream (it exists, it is not finished), and the other one is
      // the related job, whichever stream a missing one would have been read from. Not for a
      // repeat, which answers as the first attempt did whatever the jobs have become since.
      requireOpen((await readFolded(store, streams.job(jobId), jobDecider)).state);
      if ((await store.streamRevision(streams.job(stored.on))) < 0) throw notFound('RELATED_JOB_NOT_FOUND', `job ${stored.on} not found`, { relatedJobId: stored.on });
    }
    const o = await this.jobs.run(principal, ctx, stored.on, 'any', async () => {
      const walk = ORDERING.includes(stored.relation) ? await orderingPath(store, stored.relatedJobId, stored.on) : { path: null };
      return {
        type: 'AddDependency' as const,
        relatedJobId: stored.relatedJobId,
        relation: stored.relation,
        relatedExists: stored.relatedJobId === stored.on || (await store.streamRevision(streams.job(stored.relatedJobId))) >= 0,
        cycle: walk.path,
        ...(walk.unwalkedBeyond !== undefined && { cycleUnknownBeyond: walk.unwalkedBeyond }),
      };
    });
    return {
      body: { jobId, relatedJobId, relation, stored: { jobId: stored.on, relatedJobId: stored.relatedJobId, relation: stored.relation } },
      position: o.position, eventTypes: o.events.map((e) => e.type),
    };
  }
}

/**
 * `DELETE /jobs/:id/dependencies/:related[?relation=]`: every relation the job has on the
 * other (one, with `relation`), wherever it is stored — `blocks` lives on the other job.
 */
@CommandHandler(RemoveDependencyCommand)
export class RemoveDependencyHandler implements ICommandHandler<RemoveDependencyCommand, CommandResult> {
  constructor(private readonly jobs: JobCommands) {}
  async execute({ principal, ctx, jobId, relatedJobId, relation }: RemoveDependencyCommand): Promise<CommandResult> {
    requireRole(principal);
    const store = this.jobs.runner.store;
    if ((await store.streamRevision(streams.job(jobId))) < 0) throw notFound('JOB_NOT_FOUND', `job ${jobId} not found`);
    const read = new Map<string, Promise<RecordedEvent[]>>();
    const eventsOn = (on: string): Promise<RecordedEvent[]> => {
      let events = read.get(on);
      if (!events) read.set(on, (events = store.readStream(streams.job(on))));
      return events;
    };
    // One command id per relation: two removals on one stream are two commands. All of them are
    // looked for before anything is written, the relations not asked for now included: a key
    // used before with another ?relation= (or none) is another request, refused whole.
    const commandIdOf = (r: Relation) => deriveId(ctx.commandId, r);
    for (const r of RELATIONS) {
      const events = await eventsOn(storedAs(jobId, relatedJobId, r).on);
      requireSameRequest(ctx, events.filter((e) => e.metadata.commandId === commandIdOf(r)));
    }
    const asked: readonly Relation[] = relation ? [relation] : RELATIONS;
    const planned: { r: Relation; on: string; remove: JobCommand; commandId: string }[] = [];
    for (const r of asked) {
      const stored = storedAs(jobId, relatedJobId, r);
      const commandId = commandIdOf(r);
      const events = await eventsOn(stored.on);
      const state = fold(jobDecider, events.map((e) => ({ type: e.type, data: e.data }) as JobEvent));
      const has = state.status === 'created' && state.dependencies.some((d) => d.relatedJobId === stored.relatedJobId && d.relation === stored.relation);
      const repeat = events.some((e) => e.metadata.commandId === commandId);
      if (!has && !repeat) continue;
      const remove: JobCommand = { type: 'RemoveDependency', relatedJobId: stored.relatedJobId, relation: stored.relation };
      // Decided on what was just read before anything is written: a removal the job refuses
      // (it has finished) fails the request whole, not after the relations before it went.
      if (!repeat) jobDecider.decide(remove, state);
      planned.push({ r, on: stored.on, remove, commandId });
    }
    const removed: Relation[] = [];
    let position = null;
    for (const { r, on, remove, commandId } of planned) {
      const o = await this.jobs.run(principal, { ...ctx, commandId }, on, 'any', () => remove);
      removed.push(r);
      position = o.position ?? position;
    }
    if (!removed.length) {
      throw notFound('DEPENDENCY_NOT_FOUND', `${jobId} has no ${relation ?? 'relation'} to ${relatedJobId}`, { jobId, relatedJobId, relation: relation ?? null });
    }
    return { body: { jobId, relatedJobId, removed }, position, eventTypes: ['JobDependencyRemoved'] };
  }
}
