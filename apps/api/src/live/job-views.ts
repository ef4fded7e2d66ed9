import { isDeepStrictEqual } from 'node:util';
import type { Principal } from '../../../../libs/application/src/auth/principal';
import { isJobVisible } from '../../../../libs/application/src/auth/policy';
import { jobDecider } from '../../../../libs/domain/src/job/decider';
import type { JobEvent } from '../../../../libs/domain/src/job/events';
import { isTerminal, type JobState } from '../../../../libs/domain/src/job/state';
import type { LogAppendedData } from '../../../../libs/domain/src/joblog/events';
import { streams } from '../../../../libs/domain/src/shared/streams';
import type { Position, RecordedEvent } from '../../../../libs/eventstore/src/port';
import type { Rendered, StreamView } from './resumable-stream';

/** A job's phase and resolution as the stream has folded them so far. */
const phaseOf = (state: JobState) => (state.status === 'created' ? { phase: state.phase, resolution: state.resolution } : { phase: null, resolution: null });

const jobMessage = (e: RecordedEvent, state: JobState): Rendered => ({
  message: {
    id: e.position,
    event: 'job',
    data: { position: e.position, stream: e.streamId, revision: e.revision, type: e.type, occurredAt: e.metadata.occurredAt, actor: e.metadata.actor, data: e.data, ...phaseOf(state) },
  },
});

const logMessage = (e: RecordedEvent, jobId: string): Rendered => ({
  message: { id: e.position, event: 'log', data: { position: e.position, jobId, seq: e.revision, ...(e.data as LogAppendedData), at: e.metadata.occurredAt } },
});

/** Whether a job in this state may be seen by the caller: the rule of `GET /jobs/:id`. */
export type JobVisibility = (state: JobState) => boolean;

export const visibleTo =
  (principal: Principal, jobId: string): JobVisibility =>
  (state) =>
    isJobVisible(principal, state.status === 'created' ? { assignee: state.assignee, projectSlug: state.job.projectSlug } : null, jobId);

/** Folds the job stream as it goes, so that every job message says the phase it left the job in. */
const folding = () => {
  let state = jobDecider.initialState();
  return {
    next: (e: RecordedEvent) => (state = jobDecider.evolve(state, e as unknown as JobEvent)),
    get state() { return state; },
  };
};

/** `GET /jobs/:id/stream`: the job's events (`event: job`) and its log lines (`event: log`). */
export const jobView = (jobId: string, canSee: JobVisibility): StreamView => {
  const job = folding();
  return {
    streams: [streams.job(jobId), streams.joblog(jobId)],
    stateless: [streams.joblog(jobId)],
    render: (e) => (e.streamId === streams.joblog(jobId) ? logMessage(e, jobId) : jobMessage(e, job.next(e))),
    stillVisible: () => canSee(job.state),
  };
};

const attemptOf = (state: JobState) => (state.status === 'created' ? state.attempt : null);

/**
 * `GET /jobs/:id/attempts/:n/stream`: attempt n's log lines, and the job events of its
 * ServiceEvent: the claim that opened it, every event naming its serviceEventId, and the events
 * that change it without naming it (a cancel, a close or a forced completion ending it, an
 * approval sealing it), so that whoever follows the attempt sees it end.
 */
export const attemptView = (jobId: string, attemptNumber: number, canSee: JobVisibility): StreamView => {
  const job = folding();
  let serviceEventId: string | null = null;
  return {
    streams: [streams.job(jobId), streams.joblog(jobId)],
    stateless: [streams.joblog(jobId)],
    render: (e) => {
      if (e.streamId === streams.joblog(jobId)) return (e.data as LogAppendedData).attemptNumber === attemptNumber ? logMessage(e, jobId) : null;
      const before = attemptOf(job.state);
      const state = job.next(e);
      const data = e.data as { attemptNumber?: number; serviceEventId?: string };
      if (e.type === 'JobClaimed' && data.attemptNumber === attemptNumber) serviceEventId = data.serviceEventId ?? null;
      if (serviceEventId === null) return null;
      // By value: the fold may rebuild an attempt it leaves as it was (a forced completion after a
      // resubmit marks an already sealed attempt sealed again); a new claim replaces it with another.
      const after = attemptOf(state);
      const changedIt = before?.serviceEventId === serviceEventId && after?.serviceEventId === serviceEventId && !isDeepStrictEqual(after, before);
      return data.serviceEventId === serviceEventId || changedIt ? jobMessage(e, state) : null;
    },
    stillVisible: () => canSee(job.state),
  };
};

export type WaitOutcome = 'done' | 'cancelled' | 'timeout';

/** The one message `wait` ends with; its id is the position of the event that ended the job (or the last seen). */
export const waitMessage = (jobId: string, outcome: WaitOutcome, state: JobState, position: Position): NonNullable<Rendered> => ({
  message: { id: position, event: outcome, data: { jobId, outcome, ...phaseOf(state), position } },
  final: true,
});

/** `GET /jobs/:id/wait`: silent until the job is done or cancelled, then one final message. */
export const waitView = (jobId: string, canSee: JobVisibility) => {
  const job = folding();
  let last: Position = -1n;
  const ended = (state: JobState) => state.status === 'created' && isTerminal(state.phase);
  const final = (position: Position): Rendered => {
    const state = job.state;
    if (!ended(state) || state.status !== 'created') return null;
    return waitMessage(jobId, state.phase === 'cancelled' ? 'cancelled' : 'done', state, position);
  };
  const view: StreamView = {
    streams: [streams.job(jobId)],
    render: (e, live) => {
      job.next(e);
      last = e.position;
      return live ? final(e.position) : null;
    },
    caughtUp: (position) => final(position),
    stillVisible: () => canSee(job.state),
  };
  return { view, timedOut: () => waitMessage(jobId, 'timeout', job.state, last) };
};
