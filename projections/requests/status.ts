import type { RequestEvent } from '../../libs/domain/src/request/events';
import type { TaskEvent } from '../../libs/domain/src/task/events';
import type { Handlers } from '../shared/events';
import type { Lifecycle } from '../shared/lifecycle';
import type { RequestDoc, RequestStatus } from './document';

/** Until Create Job, the request follows its task; after it, its job. */
const BEFORE_JOB: readonly RequestStatus[] = ['submitted', 'in_review', 'approved', 'declined'];
const governance = (doc: RequestDoc, status: RequestStatus, extra: Partial<RequestDoc> = {}): RequestDoc =>
  BEFORE_JOB.includes(doc.status) ? { ...doc, status, ...extra } : doc;

export const governanceHandlers: Handlers<RequestDoc, RequestEvent | TaskEvent> = {
  RequestIntaken: (doc, { data }) => governance(doc, 'in_review', { taskId: data.taskId }),
  RequestWithdrawn: (doc) => ({ ...doc, status: 'withdrawn' }),
  TaskApproved: (doc) => governance(doc, 'approved'),
  TaskDeclined: (doc) => governance(doc, 'declined'),
  // Create Job was crossed: scheduled even before the JobCreated that follows it is seen.
  TaskConverted: (doc, { data }) => governance(doc, 'scheduled', { jobId: data.jobId }),
};

/**
 * A requester's view of the job: waiting to be worked (scheduled, until first claimed), being
 * worked (in progress, also when requeued after a failed, released or rejected attempt, a
 * `waiting` one, or a resubmit: work that started does not go back to scheduled), completed,
 * or — done without success, or cancelled — cancelled, with `resolution` telling which.
 */
export const statusOfJob = (job: Lifecycle & { readonly claimed: boolean }): Pick<RequestDoc, 'status' | 'resolution'> => {
  if (job.phase === 'done') {
    const ok = job.resolution === 'completed' || job.resolution === 'force_completed';
    return { status: ok ? 'completed' : 'cancelled', resolution: job.resolution };
  }
  if (job.phase === 'cancelled') return { status: 'cancelled', resolution: null };
  const started = job.phase === 'active' || job.phase === 'review' || job.claimed;
  return { status: started ? 'in_progress' : 'scheduled', resolution: null };
};
