import type { Assignee } from '../shared/assignee';
import { spec } from '../testing/decider-specification';
import type { AccessView } from '../operator/access-view';
import { taskDecider, type TaskCommand } from './decider';
import type { TaskEvent } from './events';

const task = spec(taskDecider);
const alice: Assignee = { kind: 'operator', slug: 'alice' };
const agent: Assignee = { kind: 'agent', agentId: 'harness-7' };
const active: AccessView = { exists: true, access: 'active' };

const openData = {
  taskId: 'task-1', requestId: 'req-1', projectSlug: 'detailing', surface: 'auto-detailing', tier: 'premium',
  summary: 'Interior detail', intakeNotes: 'bring the vacuum',
};
const opened: TaskEvent = { type: 'TaskOpened', data: openData };
const approved: TaskEvent = { type: 'TaskApproved', data: { comment: '' } };
const assigned: TaskEvent = { type: 'TaskAssigned', data: { assignee: alice } };
const declined: TaskEvent = { type: 'TaskDeclined', data: { reason: 'out of area' } };
const converted: TaskEvent = { type: 'TaskConverted', data: { jobId: 'detailing-0a1b2c3d' } };
const assign = (assignee: Assignee, operator: AccessView | null = active): TaskCommand => ({ type: 'AssignTask', assignee, operator });
const convert = (operator: AccessView | null = active): TaskCommand => ({ type: 'ConvertTask', jobId: 'detailing-0a1b2c3d', operator });

describe('task', () => {
  it('opens a task once', () => {
    task.given([]).when({ type: 'OpenTask', ...openData }).then([opened]);
    task.given([opened]).when({ type: 'OpenTask', ...openData }).thenThrows('TASK_EXISTS', { kind: 'conflict' });
  });

  it('approving decides only the approval: no job comes of it by itself', () => {
    task.given([opened]).when({ type: 'ApproveTask', comment: ' ok ' }).then([{ type: 'TaskApproved', data: { comment: 'ok' } }]);
  });

  it('approves once', () => {
    task.given([opened, approved]).when({ type: 'ApproveTask' }).thenThrows('TASK_ALREADY_APPROVED', { kind: 'conflict' });
  });

  it('declines with a reason', () => {
    task.given([opened]).when({ type: 'DeclineTask', reason: 'out of area' }).then([declined]);
    task.given([opened]).when({ type: 'DeclineTask', reason: '' }).thenThrows('FIELD_REQUIRED');
  });

  it.each<[string, TaskCommand]>([
    ['approve', { type: 'ApproveTask' }],
    ['decline', { type: 'DeclineTask', reason: 'again' }],
    ['assign', assign(alice)],
    ['create job', convert()],
  ])('declined is terminal: %s is refused', (_name, command) => {
    task.given([opened, declined]).when(command).thenThrows('TASK_DECLINED', { kind: 'conflict' });
  });

  it('assigns before or after approval, and reassigns until converted', () => {
    task.given([opened]).when(assign(alice)).then([assigned]);
    task.given([opened, approved, assigned]).when(assign(agent, null)).then([{ type: 'TaskAssigned', data: { assignee: agent } }]);
  });

  it.each(['limited', 'suspended'] as const)('does not assign an operator who is %s', (access) => {
    task.given([opened]).when(assign(alice, { exists: true, access }))
      .thenThrows('ASSIGNEE_NOT_ACTIVE', { kind: 'rule', details: { operator: 'alice', accessState: access } });
  });

  it('does not assign an operator who is not registered', () => {
    task.given([opened]).when(assign(alice, { exists: false, access: null })).thenThrows('OPERATOR_NOT_FOUND', { kind: 'not_found' });
    task.given([opened]).when(assign(alice, null)).thenThrows('OPERATOR_NOT_FOUND');
  });

  it('Create Job needs approval', () => {
    task.given([opened, assigned]).when(convert())
      .thenThrows('TASK_NOT_APPROVED', { kind: 'rule', details: { missing: ['approval'] } });
    task.given([opened]).when(convert()).thenThrows('TASK_NOT_APPROVED', { details: { missing: ['approval', 'assignment'] } });
  });

  it('Create Job needs an assignee', () => {
    task.given([opened, approved]).when(convert()).thenThrows('TASK_NOT_ASSIGNED', { kind: 'rule', details: { missing: ['assignment'] } });
  });

  it('Create Job crosses the bridge for an approved and assigned task', () => {
    task.given([opened, assigned, approved]).when(convert()).then([converted]);
    task.given([opened, approved, { type: 'TaskAssigned', data: { assignee: agent } }]).when(convert(null)).then([converted]);
  });

  it('Create Job refuses an assigned operator who is no longer active', () => {
    task.given([opened, approved, assigned]).when(convert({ exists: true, access: 'limited' })).thenThrows('ASSIGNEE_NOT_ACTIVE');
  });

  it.each<[string, TaskCommand]>([
    ['create job', convert()],
    ['assign', assign(alice)],
    ['approve', { type: 'ApproveTask' }],
    ['decline', { type: 'DeclineTask', reason: 'x' }],
  ])('after Create Job, %s is refused: at most one job per task', (_name, command) => {
    task.given([opened, approved, assigned, converted]).when(command)
      .thenThrows('TASK_ALREADY_CONVERTED', { kind: 'conflict', details: { jobId: 'detailing-0a1b2c3d' } });
  });

  it('knows nothing of a task never opened', () => {
    task.given([]).when({ type: 'ApproveTask' }).thenThrows('TASK_NOT_FOUND', { kind: 'not_found' });
  });
});
