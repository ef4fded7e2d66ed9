import { tasksProjection, TASKS, type TaskDoc } from '.';
import { docOf, ev, MemoryReadStore, operator, project, resetLog, serviceJobStory } from '../testing';

beforeEach(resetLog);

const taskAfter = async (events: Parameters<typeof project>[1], taskId = 'task-1') =>
  docOf<TaskDoc>(await project(tasksProjection, events), TASKS, taskId) as TaskDoc;

describe('tasks: the governance queue and Task Inbox', () => {
  it('an opened task shows the request it came from and waits for approval', async () => {
    const task = await taskAfter([ev.requestSubmitted('req-1'), ev.requestIntaken('req-1', 'task-1'), ev.taskOpened('task-1', 'req-1')]);
    expect(task).toMatchObject({
      taskId: 'task-1', requestId: 'req-1', projectSlug: 'acme', surface: 'auto-detailing', tier: 'gold',
      summary: 'Detail a blue sedan', intakeNotes: 'Customer prefers mornings', state: 'open',
      approval: null, assignee: null, assigneeKey: null, jobId: null, declineReason: null,
      request: { customer: { name: 'Ada Customer', contact: 'ada@example.com' }, details: 'Full detail of a blue sedan', notes: 'Gate code 1234' },
    });
  });

  it('approval records who approved and when; assignment fills the Task Inbox key; Create Job converts it', async () => {
    const story = serviceJobStory();
    const approvedAt = story.governance[6].metadata.occurredAt;
    const task = await taskAfter(story.all);
    expect(task).toMatchObject({
      state: 'converted', jobId: 'acme-0000000a',
      approval: { comment: 'ok', approvedAt, approvedBy: 'gov-1' },
      assignee: operator('dana'), assigneeKey: 'operator:dana',
    });
  });

  it('an approved and assigned task is still approved, not converted, until Create Job', async () => {
    const story = serviceJobStory();
    const task = await taskAfter(story.governance.slice(0, 8));
    expect(task).toMatchObject({ state: 'approved', jobId: null, assigneeKey: 'operator:dana' });
  });

  it('a declined task keeps its reason', async () => {
    const task = await taskAfter([ev.requestSubmitted('req-1'), ev.taskOpened('task-1', 'req-1'), ev.taskDeclined('task-1', 'out of area')]);
    expect(task).toMatchObject({ state: 'declined', declineReason: 'out of area' });
  });

  it('applying the events twice gives identical documents', async () => {
    const events = serviceJobStory().all;
    const store = new MemoryReadStore();
    const once = await project(tasksProjection, events, store);
    expect(await project(tasksProjection, events, store)).toEqual(once);
  });
});
