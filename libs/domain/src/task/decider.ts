import { requireAssignable, type AccessView } from '../operator/access-view';
import type { Assignee } from '../shared/assignee';
import type { Decider } from '../shared/decider';
import { conflict, notFound, ruleViolated } from '../shared/errors';
import { requireText } from '../shared/guards';
import type { TaskEvent, TaskOpened } from './events';

export type TaskState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'open' | 'declined' | 'converted';
      readonly task: TaskOpened['data'];
      readonly approved: boolean;
      readonly assignee: Assignee | null;
      readonly jobId: string | null;
    };


export type TaskCommand =
  | ({ readonly type: 'OpenTask' } & TaskOpened['data'])
  | { readonly type: 'ApproveTask'; readonly comment?: string }
  | { readonly type: 'DeclineTask'; readonly reason: string }
  | { readonly type: 'AssignTask'; readonly assignee: Assignee; readonly operator: AccessView | null }
  | { readonly type: 'ConvertTask'; readonly jobId: string; readonly operator: AccessView | null };

const evolve = (state: TaskState, event: TaskEvent): TaskState => {
  if (event.type === 'TaskOpened') return { status: 'open', task: event.data, approved: false, assignee: null, jobId: null };
  if (state.status === 'absent') return state;
  switch (event.type) {
    case 'TaskApproved':
      return { ...state, approved: true };
    case 'TaskDeclined':
      return { ...state, status: 'declined' };
    case 'TaskAssigned':
      return { ...state, assignee: event.data.assignee };
    case 'TaskConverted':
      return { ...state, status: 'converted', jobId: event.data.jobId };
  }
};

const decide = (command: TaskCommand, state: TaskState): TaskEvent[] => {
  if (command.type === 'OpenTask') {
    if (state.status !== 'absent') throw conflict('TASK_EXISTS', `task ${command.taskId} already exists`);
    const { type: _type, ...data } = command;
    return [{ type: 'TaskOpened', data }];
  }
  if (state.status === 'absent') throw notFound('TASK_NOT_FOUND', 'task not found');
  if (state.status === 'declined') throw conflict('TASK_DECLINED', 'the task was declined');
  if (state.status === 'converted') throw conflict('TASK_ALREADY_CONVERTED', 'a job was already created from this task', { jobId: state.jobId });
  switch (command.type) {
    case 'ApproveTask':
      if (state.approved) throw conflict('TASK_ALREADY_APPROVED', 'the task is already approved');
      return [{ type: 'TaskApproved', data: { comment: (command.comment ?? '').trim() } }];
    case 'DeclineTask':
      return [{ type: 'TaskDeclined', data: { reason: requireText('reason', command.reason, 2000) } }];
    case 'AssignTask':
      requireAssignable(command.assignee, command.operator);
      return [{ type: 'TaskAssigned', data: { assignee: command.assignee } }];
    case 'ConvertTask': {
      // Create Job is the only bridge to execution: approved AND assigned, both required.
      const missing = [...(state.approved ? [] : ['approval']), ...(state.assignee ? [] : ['assignment'])];
      if (missing.length) {
        throw ruleViolated(
          state.approved ? 'TASK_NOT_ASSIGNED' : 'TASK_NOT_APPROVED',
          `a job can be created only from an approved and assigned task; missing: ${missing.join(', ')}`,
          { missing },
        );
      }
      requireAssignable(state.assignee as Assignee, command.operator);
      return [{ type: 'TaskConverted', data: { jobId: command.jobId } }];
    }
  }
};

export const taskDecider: Decider<TaskState, TaskCommand, TaskEvent> = {
  initialState: () => ({ status: 'absent' }),
  evolve,
  decide,
};
