import type { Customer } from '../../libs/domain/src/request/events';
import type { Assignee } from '../../libs/domain/src/shared/assignee';
import type { TaskOpened } from '../../libs/domain/src/task/events';
import type { Recorded } from '../shared/events';
import { changedAt, positionOf } from '../shared/position';

export const TASKS = 'tasks';
/** Auxiliary: `TaskOpened` carries no customer, details or notes, so the request's are kept here. */
export const TASK_REQUESTS = 'task_requests';

export type TaskState = 'open' | 'approved' | 'declined' | 'converted';
export type TaskRequest = { readonly customer: Customer; readonly details: string; readonly notes: string };
export type TaskRequestDoc = TaskRequest & { readonly _id: string; readonly lastPosition: string };

/** The `tasks` document: one row of the governance queue and of an assignee's Task Inbox. */
export type TaskDoc = {
  readonly _id: string;
  readonly taskId: string;
  readonly requestId: string;
  readonly projectSlug: string;
  readonly surface: string;
  readonly tier: string;
  readonly summary: string;
  readonly intakeNotes: string;
  readonly state: TaskState;
  readonly approval: { readonly comment: string; readonly approvedAt: string; readonly approvedBy: string } | null;
  readonly declineReason: string | null;
  readonly assignee: Assignee | null;
  readonly assigneeKey: string | null;
  /** Set once Create Job was crossed (`TaskConverted`). */
  readonly jobId: string | null;
  /** null only if the request was never seen by this read model. */
  readonly request: TaskRequest | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastPosition: string;
};

export const newTaskDoc = (event: Recorded<TaskOpened>, request: TaskRequest | null): TaskDoc => {
  const d = event.data;
  return {
    _id: d.taskId,
    taskId: d.taskId,
    requestId: d.requestId,
    projectSlug: d.projectSlug,
    surface: d.surface,
    tier: d.tier,
    summary: d.summary,
    intakeNotes: d.intakeNotes,
    state: 'open',
    approval: null,
    declineReason: null,
    assignee: null,
    assigneeKey: null,
    jobId: null,
    request,
    createdAt: event.metadata.occurredAt,
    updatedAt: changedAt(event),
    lastPosition: positionOf(event),
  };
};
