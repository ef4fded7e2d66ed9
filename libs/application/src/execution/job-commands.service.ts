import { Injectable } from '@nestjs/common';
import type { JobCommand } from '../../../domain/src/job/commands';
import { jobDecider } from '../../../domain/src/job/decider';
import type { JobEvent } from '../../../domain/src/job/events';
import { isLive, isTerminal, type ExistingJob, type JobState } from '../../../domain/src/job/state';
import { requireJob } from '../../../domain/src/job/rules';
import { sameAssignee } from '../../../domain/src/shared/assignee';
import { forbidden } from '../../../domain/src/shared/errors';
import type { CommandContext } from '../../../domain/src/shared/event';
import { streams } from '../../../domain/src/shared/streams';
import type { AccessView } from '../../../domain/src/operator/access-view';
import { accessViewOf, executorOf, requireJobVisible, requireNotSuspended, requireProject, requireRole } from '../auth/policy';
import { projectOfJobId } from '../../../domain/src/shared/ids';
import type { Principal } from '../auth/principal';
import { loadState, type CommandOutcome } from '../commands/command-executor';
import { CommandRunner } from '../commands/command-runner';
import { readFolded } from '../commands/folded-states';

/**
 * Who may run a command on a job: `claim` — an executor (operator or agent) taking it on;
 * `claimant` — whoever holds the running ServiceEvent (or an admin acting for them);
 * `operatorClaimant` — the same, for the service path's steps, which SPEC §5 gives operators
 * and not agents (start, evidence, complete, fail: an agent ends its work with a result);
 * `any` — left to the command's own role check.
 */
export type JobActor = 'claim' | 'claimant' | 'operatorClaimant' | 'any';

/**
 * Fixed by the token, so checked before anything is read, a stored command (a keyed repeat)
 * included: a token that could not send the command is not answered it.
 */
export const requireTokenAllows = (principal: Principal, jobId: string, actor: JobActor): void => {
  if (actor === 'operatorClaimant') requireRole(principal, 'operator');
  else if (actor !== 'any') requireRole(principal, 'operator', 'agent');
  // The job id names its project: a token not scoped to it is refused before a stored command
  // (whose id another token of the same `sub` shares) could answer it.
  requireProject(principal, projectOfJobId(jobId));
};

/**
 * The path every command on a job takes: the caller must see the job (operators: only
 * their own), a suspended operator may do nothing, execution is for executors only, then
 * decide/append as usual. What the caller may do now is checked only for a command not
 * already stored: a repeat answers as the first attempt did, whatever the caller's access
 * has become since (docs/decisions.md, "Idempotency").
 */
@Injectable()
export class JobCommands {
  constructor(readonly runner: CommandRunner) {}

  async run(
    principal: Principal,
    ctx: CommandContext,
    jobId: string,
    actor: JobActor,
    build: (job: ExistingJob, caller: AccessView) => JobCommand | Promise<JobCommand>,
    /** The ServiceEvent the command names: one that is no longer current is the fencing answer (409), not NOT_CLAIMANT. */
    serviceEventId?: string,
  ): Promise<CommandOutcome<JobState, JobEvent>> {
    requireTokenAllows(principal, jobId, actor);
    return this.runner.run(streams.job(jobId), jobDecider, async (state) => {
      const caller = await this.callerAccess(principal);
      return build(this.guard(principal, jobId, actor, state, serviceEventId), caller);
    }, ctx);
  }

  /**
   * Whether this command (its id: a repeat of the same Idempotency-Key) already appended to the
   * job's stream. A repeat is answered with what it stored, whatever the job has become since,
   * so work that must precede a first attempt (checks, storing bytes) is skipped for it.
   */
  async appendedBefore(jobId: string, ctx: CommandContext): Promise<boolean> {
    const stream = streams.job(jobId);
    const { commandIds } = await readFolded(this.runner.store, stream, jobDecider);
    if (!commandIds.mayHave(ctx.commandId)) return false;
    return (await this.runner.store.readStream(stream)).some((e) => e.metadata.commandId === ctx.commandId);
  }

  /** The same guards and an extra check, without appending: for work that must precede the command. */
  async inspect(principal: Principal, jobId: string, actor: JobActor, check: (job: ExistingJob) => void, serviceEventId?: string): Promise<void> {
    requireTokenAllows(principal, jobId, actor);
    await this.callerAccess(principal);
    const { state } = await loadState(this.runner.store, streams.job(jobId), jobDecider);
    check(this.guard(principal, jobId, actor, state, serviceEventId));
  }

  /**
   * Blockers (`blocked_by` relations; `A blocks B` is stored as `B blocked_by A`) whose job is
   * not yet done or cancelled. `waits_for` and `conditional_blocks` never hold a claim
   * (docs/decisions.md); a blocker with no job yet counts as unresolved, as in the read model.
   */
  async unresolvedBlockers(job: ExistingJob): Promise<string[]> {
    const blockers = job.dependencies.filter((d) => d.relation === 'blocked_by').map((d) => d.relatedJobId);
    const states = await Promise.all(blockers.map((id) => loadState(this.runner.store, streams.job(id), jobDecider)));
    return blockers.filter((_, i) => {
      const s = states[i].state;
      return s.status === 'absent' || !isTerminal(s.phase);
    });
  }

  /**
   * The caller's access, read once per decision: it refuses a suspended operator here and is
   * handed to the command, which needs it again when the caller takes on work.
   */
  private async callerAccess(principal: Principal): Promise<AccessView> {
    const caller = await accessViewOf(this.runner.store, principal.role === 'operator' ? { kind: 'operator', slug: principal.operator ?? '' } : null);
    requireNotSuspended(caller, principal.operator);
    return caller;
  }

  private guard(principal: Principal, jobId: string, actor: JobActor, state: JobState, serviceEventId?: string): ExistingJob {
    const existing = state.status === 'absent' ? null : state;
    requireJobVisible(principal, existing && { assignee: existing.assignee, projectSlug: existing.job.projectSlug }, jobId);
    const job = requireJob(state);
    const namesCurrent = serviceEventId === undefined || job.attempt?.serviceEventId === serviceEventId;
    if ((actor === 'claimant' || actor === 'operatorClaimant') && principal.role !== 'admin' && namesCurrent && isLive(job.attempt) && !sameAssignee(job.attempt.claimant, executorOf(principal))) {
      throw forbidden('NOT_CLAIMANT', 'only whoever claimed the running ServiceEvent may act on it');
    }
    return job;
  }
}
