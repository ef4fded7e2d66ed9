import { assigneeKey } from '../../libs/domain/src/shared/assignee';
import type { TaskEvent } from '../../libs/domain/src/task/events';
import type { Handlers } from '../shared/events';
import type { TaskDoc } from './document';

/** A task's life after it was opened; each handler mirrors one governance step. */
export const taskHandlers: Handlers<TaskDoc, TaskEvent> = {
  // Who approved comes from the event's actor: the approval is a governance decision to audit.
  TaskApproved: (doc, { data, metadata }) => ({
    ...doc,
    state: 'approved',
    approval: { comment: data.comment, approvedAt: metadata.occurredAt, approvedBy: metadata.actor.id },
  }),
  TaskDeclined: (doc, { data }) => ({ ...doc, state: 'declined', declineReason: data.reason }),
  // Assignment does not change the approval state: it may come before or after approval.
  TaskAssigned: (doc, { data }) => ({ ...doc, assignee: data.assignee, assigneeKey: assigneeKey(data.assignee) }),
  TaskConverted: (doc, { data }) => ({ ...doc, state: 'converted', jobId: data.jobId }),
};
