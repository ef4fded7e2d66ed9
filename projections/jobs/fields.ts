import type { JobEvent } from '../../libs/domain/src/job/events';
import type { JoblogEvent } from '../../libs/domain/src/joblog/events';
import type { RecordEvent } from '../../libs/domain/src/record/events';
import type { SignalEvent } from '../../libs/domain/src/signal/events';
import type { Json, JsonObject } from '../../libs/domain/src/shared/json';
import type { Handlers } from '../shared/events';
import { changedAt } from '../shared/position';
import type { JobDoc } from './document';

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const gitIn = (result: Json | undefined): JsonObject | null => (isObject(result) && isObject(result.git) ? result.git : null);

/**
 * The job's own fields outside the lifecycle (phase, assignee, priority and the attempt
 * budget are folded by shared/lifecycle.ts; attempts by attempts.ts).
 */
export const fieldHandlers: Handlers<JobDoc, JobEvent | RecordEvent | SignalEvent | JoblogEvent> = {
  // PATCH semantics: only the fields present change.
  JobUpdated: (doc, { data: { changes: c } }) => ({
    ...doc,
    ...(c.title !== undefined && { title: c.title }),
    ...(c.description !== undefined && { description: c.description }),
    ...(c.acceptanceCriteria !== undefined && { acceptanceCriteria: c.acceptanceCriteria }),
  }),
  JobChildAllocated: (doc, { data }) =>
    doc.children.includes(data.childId) ? doc : { ...doc, children: [...doc.children, data.childId] },
  JobRejected: (doc, { data }) => ({ ...doc, latestRejectionReason: data.reason }),
  // The latest successful attempt's git state: what a reviewer or a dependent job builds on.
  ServiceEventCompleted: (doc, { data }) => ({ ...doc, resolvedGit: gitIn(data.result) }),
  // Both arrive on their own streams but name the job. A job completed again after a
  // resubmit gets a new record and signal: the newest one is shown. A record follows its
  // signal's record in the log, so an earlier record's signal is not shown beside a newer
  // record that earns none (a forced completion without an executor).
  RecordSealed: (doc, { data }) => ({ ...doc, recordId: data.recordId, signal: doc.signal?.recordId === data.recordId ? doc.signal : null }),
  SignalEmitted: (doc, { data, metadata }) => ({
    ...doc,
    signal: { signalId: data.signalId, recordId: data.recordId, earner: data.earner, emittedAt: metadata.occurredAt },
  }),
  // A log line is activity ("stuck" = active with no heartbeat or log for longer than the lease).
  LogAppended: (doc, event) => ({ ...doc, lastActivityAt: changedAt(event) }),
};
