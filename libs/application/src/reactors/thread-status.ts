import { jobDecider } from '../../../domain/src/job/decider';
import type { JobCreated, JobEvent } from '../../../domain/src/job/events';
import { isLive } from '../../../domain/src/job/state';
import { SYSTEM_ACTOR } from '../../../domain/src/shared/actor';
import { fold } from '../../../domain/src/shared/decider';
import { isChildJob } from '../../../domain/src/shared/ids';
import { streams } from '../../../domain/src/shared/streams';
import { threadDecider, type ThreadCommand } from '../../../domain/src/thread/decider';
import { coordinationKey, threadIdFor } from '../../../domain/src/thread/keys';
import { ATTEMPT_END_EVENT_TYPES, isAttemptEnd, OVERRIDING_END_TYPES, statusSummary } from '../../../domain/src/thread/status-summary';
import type { EventStore, RecordedEvent } from '../../../eventstore/src/port';
import type { Projection } from '../../../../projections/projection';
import { executeCommand } from '../commands/command-executor';
import { followUpContext } from '../followups/trigger';

const asJobEvent = (r: RecordedEvent): JobEvent => ({ type: r.type, data: r.data }) as JobEvent;

/**
 * The coordination thread of a parent job: opened with its first child (`JobCreated` with a
 * `parentId`), and told — a `status` message — each time a child's ServiceEvent ends, also
 * when closing, cancelling or force-completing the child ends a running one. Both writes
 * derive their command id from the trigger, so a re-run from zero finds them already in the
 * thread stream and appends nothing. One reactor does both so that the opening always comes
 * first; a status may still open the thread (an older log whose opening was never written).
 */
export const threadStatusReactor = (store: EventStore, retries: number): Projection => ({
  name: 'reactor:thread-status',
  appendsFollowUps: true,
  collections: [],
  eventTypes: ['JobCreated', ...ATTEMPT_END_EVENT_TYPES],
  apply: async (trigger) => {
    const write = (parentId: string, purpose: string, command: ThreadCommand) =>
      executeCommand(store, streams.thread(threadIdFor(coordinationKey(parentId))), threadDecider, () => command, followUpContext(trigger, purpose), { retries });

    if (trigger.type === 'JobCreated') {
      const { parentId } = (trigger as RecordedEvent<JobCreated['data']>).data;
      if (parentId) await write(parentId, 'open-thread', { type: 'OpenThread', key: coordinationKey(parentId) });
      return;
    }
    if (!isChildJob(trigger.streamId)) return; // no parent, no thread: not worth reading the job
    const before = fold(jobDecider, (await store.readStream(trigger.streamId, { maxCount: trigger.revision })).map(asJobEvent));
    const ended = asJobEvent(trigger);
    const job = jobDecider.evolve(before, ended);
    if (job.status !== 'created' || !job.job.parentId || !isAttemptEnd(ended)) return;
    if (OVERRIDING_END_TYPES.includes(ended.type) && !(before.status === 'created' && isLive(before.attempt))) return;
    const parentId = job.job.parentId;
    await write(parentId, 'thread-status', {
      type: 'PostMessage', kind: 'status', author: SYSTEM_ACTOR, openWithKey: coordinationKey(parentId),
      body: statusSummary({ jobId: job.job.jobId, title: job.job.title }, job.attempt?.attemptNumber ?? null, ended),
    });
  },
});
