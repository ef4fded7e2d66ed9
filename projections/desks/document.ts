import type { ServiceEventStatus } from '../../libs/domain/src/job/events';
import type { AccessState } from '../../libs/domain/src/operator/events';
import type { Customer } from '../../libs/domain/src/request/events';
import type { Assignee } from '../../libs/domain/src/shared/assignee';
import type { RecordedEvent } from '../../libs/eventstore/src/port';
import type { Lifecycle } from '../shared/lifecycle';
import { changedAt } from '../shared/position';

export const DESKS = 'desks';
/**
 * One small document per job: what a Desk needs to know about it between its events (later
 * job events do not name the operator), and the ready queue itself — queried, never embedded
 * in the desk, so a job event rewrites one job-sized document, not the operator's whole desk.
 */
export const DESK_JOBS = 'desk_jobs';

/** One entry of a Desk's `readyToClaim`, as the API shows it (built from a `desk_jobs` document). */
export type ReadyEntry = {
  readonly jobId: string;
  readonly title: string;
  readonly priority: number;
  readonly createdAt: string;
  readonly surface: string | null;
  readonly tier: string | null;
  readonly customer: Customer | null;
  readonly deferUntil: string | null;
};

export type DeskAttempt = {
  readonly serviceEventId: string;
  readonly attemptNumber: number;
  readonly status: ServiceEventStatus;
  readonly claimedAt: string;
  readonly startedAt: string | null;
};
export type ActiveJob = { readonly jobId: string; readonly title: string } & DeskAttempt;
export type Completion = {
  readonly jobId: string;
  readonly title: string;
  readonly completedAt: string;
  /** null until the record is sealed. */
  readonly recordId: string | null;
  /**
   * The id the sealer gives this completion's record (it derives it from the completion), so that
   * the record finds its own entry. Not shown by the API; absent on entries listed before it was kept.
   */
  readonly sealsAs?: string | null;
};

/**
 * The `desks` document: the per-operator part of a Desk (SPEC §4), small and bounded. The
 * Desk's `readyToClaim` is not kept here: it is read from `desk_jobs` (see `ready-queue.ts`).
 */
export type DeskDoc = {
  readonly _id: string;
  readonly operator: string;
  /** null until `OperatorRegistered` is seen. */
  readonly name: string | null;
  readonly accessState: AccessState;
  /**
   * The operator's active jobs, the latest claimed first: claim does not stop an operator from
   * holding several, and a job must not leave the Desk while it is in progress. The Desk's
   * `activeJob` is the first of them.
   */
  readonly activeJobs: readonly ActiveJob[];
  /** The last five, newest first. */
  readonly recentCompletions: readonly Completion[];
  readonly trustSignals: { readonly count: number; readonly state: 'none' | 'present' };
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastPosition: string;
};

/** The `desk_jobs` document: what a Desk needs to know about one job between its events. */
export type DeskJobDoc = Lifecycle & {
  readonly _id: string;
  readonly jobId: string;
  /** The assigned operator's slug (null for an agent or nobody): the desk this job belongs to. */
  readonly operator: string | null;
  /**
   * On its operator's ready queue: assigned to an operator, `ready`, attempt budget not spent.
   * Deferral is not folded in — it depends on the time of the query (see `claimableFrom`).
   */
  readonly claimable: boolean;
  /** `deferUntil`, or `NOT_DEFERRED` when none: the query keeps `claimableFrom <= now`. */
  readonly claimableFrom: string;
  readonly title: string;
  readonly createdAt: string;
  /** The log position of its `JobCreated`: the order of creation where `createdAt` ties, as in `jobs`. */
  readonly createdPosition: number;
  readonly surface: string | null;
  readonly tier: string | null;
  readonly customer: Customer | null;
  readonly attempt: DeskAttempt | null;
  /** Who claimed the latest attempt (operator or agent): with the assignee, who a completion is credited to. */
  readonly claimant: Assignee | null;
  /**
   * The latest attempt already has its record (the job decider's `sealed`): a forced
   * completion after a resubmit of sealed work holds no attempt, so credits no claimant.
   */
  readonly attemptSealed: boolean;
  /** Set when the job reaches done as completed/force_completed: the desk that lists it. */
  readonly completedOn: string | null;
  /** The position of the event that credited the completion to `completedOn` (redelivery needs it). */
  readonly completedPosition: string | null;
  readonly completedAt: string | null;
  readonly updatedAt: string;
  readonly lastPosition: string;
};

/**
 * A desk is created by the operator's registration or, should a job be placed first
 * (an operator this read model has not seen), on demand; registration fills the name in.
 */
export const emptyDesk = (slug: string, event: RecordedEvent): DeskDoc => ({
  _id: slug,
  operator: slug,
  name: null,
  accessState: 'active',
  activeJobs: [],
  recentCompletions: [],
  trustSignals: { count: 0, state: 'none' },
  createdAt: event.metadata.occurredAt,
  updatedAt: changedAt(event),
  lastPosition: '-1',
});

/**
 * A desk's active jobs. A desk written before 2026-12-07 (until `desks` is rebuilt) holds only
 * the latest claimed, as `activeJob`.
 */
export const activeJobsOf = (desk: DeskDoc): readonly ActiveJob[] => {
  const older = desk as Partial<DeskDoc> & { readonly activeJob?: ActiveJob | null };
  return older.activeJobs ?? (older.activeJob ? [older.activeJob] : []);
};

/** Sorts before every real time, so a job that is not deferred passes `claimableFrom <= now`. */
export const NOT_DEFERRED = '1970-01-01T00:00:00.000Z';

export const operatorSlugOf = (a: Assignee | null): string | null => (a?.kind === 'operator' ? a.slug : null);
