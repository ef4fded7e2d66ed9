import type { Assignee } from '../shared/assignee';
import type { Event } from '../shared/event';

export type TaskOpened = Event<
  'TaskOpened',
  {
    taskId: string;
    requestId: string;
    projectSlug: string;
    surface: string;
    tier: string;
    summary: string;
    intakeNotes: string;
  }
>;
export type TaskApproved = Event<'TaskApproved', { comment: string }>;
export type TaskDeclined = Event<'TaskDeclined', { reason: string }>;
export type TaskAssigned = Event<'TaskAssigned', { assignee: Assignee }>;
export type TaskConverted = Event<'TaskConverted', { jobId: string }>;

export type TaskEvent = TaskOpened | TaskApproved | TaskDeclined | TaskAssigned | TaskConverted;
