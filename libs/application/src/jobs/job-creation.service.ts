import { Injectable } from '@nestjs/common';
import { jobDecider } from '../../../domain/src/job/decider';
import { isLive, type ExistingJob } from '../../../domain/src/job/state';
import { sameAssignee } from '../../../domain/src/shared/assignee';
import { forbidden } from '../../../domain/src/shared/errors';
import type { CommandContext } from '../../../domain/src/shared/event';
import { streams } from '../../../domain/src/shared/streams';
import type { Position } from '../../../eventstore/src/port';
import { executorOf, requireProject, requireRole } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { CommandRunner } from '../commands/command-runner';
import { SerialByKey } from '../commands/serial-by-key';
import { JobCommands } from '../execution/job-commands.service';
import { allocationOf, createChildFor } from '../followups/create-child';
import { jobIdForCommand } from './job-ids';
import { creationFacts, jobSpecOf, rootJobData, type JobInput } from './new-job';

export type Created = { readonly jobId: string; readonly parentId: string | null; readonly position: Position | null };

/** Agents create children of a job they hold (its running ServiceEvent is theirs); admins of any job. */
const requireMayAddChild = (principal: Principal, parent: ExistingJob): void => {
  if (principal.role === 'admin') return;
  const holds = isLive(parent.attempt) && sameAssignee(parent.attempt.claimant, executorOf(principal));
  if (!holds) throw forbidden('NOT_HOLDING_PARENT', `only the agent holding ${parent.job.jobId} may add children to it`);
};

/**
 * An agent's child is governed like its parent: review and the attempt budget are not the
 * agent's to choose, and it may hand the child to nobody or to itself, not to someone else.
 */
const requireAgentMayShape = (principal: Principal, input: JobInput): void => {
  if (principal.role === 'admin') return;
  const fields = (['reviewRequired', 'maxAttempts'] as const).filter((f) => input[f] !== undefined);
  if (fields.length) throw forbidden('FIELD_FORBIDDEN', `${fields.join(', ')} of a child come from its parent`, { fields });
  if (input.assignee && !sameAssignee(input.assignee, executorOf(principal))) {
    throw forbidden('ASSIGNEE_FORBIDDEN', 'an agent may assign a child only to itself', { assignee: input.assignee });
  }
};

/** What an agent's child takes from its parent rather than from the project. */
const inherited = (principal: Principal, parent: ExistingJob) =>
  principal.role === 'admin' ? {} : { reviewRequired: parent.job.reviewRequired, maxAttempts: parent.job.maxAttempts };

/**
 * The two ways a job comes to be outside governance: a root job in a project (one append on
 * its own stream) and a child (the allocation on the parent, then the child's JobCreated,
 * written here for low latency and guaranteed by the child-creator reactor).
 */
/**
 * What the token must allow to create a job here (a root: admins; a child: an agent of the
 * project). Nothing is read for it, so it may come before anything else is looked at.
 */
export const requireMayCreate = (principal: Principal, projectSlug: string, child: boolean): void => {
  if (!child) return requireRole(principal);
  requireRole(principal, 'agent');
  requireProject(principal, projectSlug);
};

@Injectable()
export class JobCreation {
  // An agent often creates a job's children all at once: they are allocated on the parent's stream.
  private readonly allocations = new SerialByKey();
  constructor(private readonly runner: CommandRunner, private readonly jobs: JobCommands) {}

  async createRoot(principal: Principal, ctx: CommandContext, projectSlug: string, input: JobInput): Promise<Created> {
    requireMayCreate(principal, projectSlug, false);
    const jobId = await jobIdForCommand(this.runner.store, projectSlug, ctx.commandId);
    // What the job snapshots, and whether its assignee may be given work, is read only for a
    // command not yet stored: a repeat answers as the first time (docs/decisions.md, "Idempotency").
    const o = await this.runner.run(streams.job(jobId), jobDecider, async () => {
      const spec = jobSpecOf(input, await creationFacts(this.runner.store, projectSlug, input));
      return { type: 'CreateJob' as const, job: rootJobData(spec, jobId, projectSlug) };
    }, ctx);
    return { jobId, parentId: null, position: o.position };
  }

  async createChild(principal: Principal, ctx: CommandContext, projectSlug: string, parentId: string, input: JobInput): Promise<Created> {
    // the caller's rights first: nothing about another project (or its operators) is read for a caller who may not work there
    requireMayCreate(principal, projectSlug, true);
    requireAgentMayShape(principal, input);
    const o = await this.allocations.run(parentId, () => this.jobs.run(principal, ctx, parentId, 'any', async (parent) => {
      requireMayAddChild(principal, parent);
      const spec = jobSpecOf(input, await creationFacts(this.runner.store, projectSlug, input));
      return { type: 'AllocateChild', projectSlug, child: { ...spec, ...inherited(principal, parent) } };
    }));
    const allocated = o.events.find((e) => e.type === 'JobChildAllocated');
    const childId = allocated?.type === 'JobChildAllocated' ? allocated.data.childId : '';
    const trigger = await allocationOf(this.runner.store, parentId, childId);
    const position = trigger ? await createChildFor(this.runner.store, trigger, this.runner.config.commandRetries) : null;
    return { jobId: childId, parentId, position: position ?? o.position };
  }
}
