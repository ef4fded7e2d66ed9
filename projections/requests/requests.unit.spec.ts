import { requestsProjection, REQUESTS, type RequestDoc } from '.';
import { docOf, ev, MemoryReadStore, operator, project, resetLog, serviceJobStory } from '../testing';

beforeEach(resetLog);

const statusAfter = async (events: Parameters<typeof project>[1], requestId = 'req-1') =>
  docOf<RequestDoc>(await project(requestsProjection, events), REQUESTS, requestId) as RequestDoc;

describe('requests: the status a requester sees', () => {
  it('follows the request through governance, scheduling, work and completion', async () => {
    const story = serviceJobStory();
    const seen: string[] = [];
    for (let i = 1; i <= story.all.length; i++) {
      const status = (await statusAfter(story.all.slice(0, i)))?.status;
      if (status && status !== seen[seen.length - 1]) seen.push(status);
    }
    expect(seen).toEqual(['submitted', 'in_review', 'approved', 'scheduled', 'in_progress', 'completed']);
  });

  it('carries what the requester submitted, who they are, and the task and job ids', async () => {
    const story = serviceJobStory();
    const request = await statusAfter(story.all);
    expect(request).toMatchObject({
      requestId: 'req-1', projectSlug: 'acme', surface: 'auto-detailing', tier: 'gold', requester: 'requester-7',
      customer: { name: 'Ada Customer', contact: 'ada@example.com' }, details: 'Full detail of a blue sedan', notes: 'Gate code 1234',
      taskId: 'task-1', jobId: 'acme-0000000a', status: 'completed', resolution: 'completed',
      submittedAt: story.governance[3].metadata.occurredAt,
    });
  });

  it('a withdrawn request says so; a declined one too', async () => {
    expect((await statusAfter([ev.requestSubmitted('req-1'), ev.requestWithdrawn('req-1')])).status).toBe('withdrawn');
    const declined = await statusAfter([ev.requestSubmitted('req-2'), ev.requestIntaken('req-2', 't-2'), ev.taskOpened('t-2', 'req-2'), ev.taskDeclined('t-2')], 'req-2');
    expect(declined.status).toBe('declined');
  });

  it('a job requeued after a failed attempt is still in progress; one that failed for good reads cancelled with its resolution', async () => {
    const story = serviceJobStory();
    const j = 'acme-0000000a';
    const dana = operator('dana');
    const requeued = [...story.governance, story.created, ev.claimed(j, 'se-1', 1, dana), ev.failed(j, 'se-1')];
    expect((await statusAfter(requeued)).status).toBe('in_progress');
    const exhausted = [...requeued, ev.claimed(j, 'se-2', 2, dana), ev.failed(j, 'se-2'), ev.claimed(j, 'se-3', 3, dana), ev.failed(j, 'se-3')];
    expect(await statusAfter(exhausted)).toMatchObject({ status: 'cancelled', resolution: 'failed' });
  });

  it('a claimed job gives its attempt back and is requeued: the request stays in progress, it does not go back to scheduled', async () => {
    // The attempt budget is refunded by a voluntary release, a `waiting` attempt and a resubmit;
    // whether the work has started is not (projections/README.md: requeued after a released attempt).
    const story = serviceJobStory();
    const j = 'acme-0000000a';
    const dana = operator('dana');
    const claimed = [...story.governance, story.created, ev.claimed(j, 'se-1', 1, dana)];
    const requeued = {
      released: [...claimed, ev.released(j, 'se-1', 'rain')],
      waiting: [...claimed, ev.waiting(j, 'se-1', '2026-02-01T08:00:00.000Z')],
      resubmitted: [...claimed, ev.failed(j, 'se-1'), ev.resubmitted(j)],
    };
    const statuses = Object.fromEntries(await Promise.all(Object.entries(requeued).map(async ([how, events]) => [how, (await statusAfter(events)).status])));
    expect(statuses).toEqual({ released: 'in_progress', waiting: 'in_progress', resubmitted: 'in_progress' });
  });

  it('a cancelled job cancels the request', async () => {
    const story = serviceJobStory();
    expect((await statusAfter([...story.governance, story.created, ev.cancelled('acme-0000000a')])).status).toBe('cancelled');
  });

  it('jobs not made from a request change no request', async () => {
    const projected = await project(requestsProjection, [ev.requestSubmitted('req-1'), ev.jobCreated('acme-00000009'), ev.claimed('acme-00000009', 'se', 1, operator('dana'))]);
    expect(docOf<RequestDoc>(projected, REQUESTS, 'req-1')?.status).toBe('submitted');
  });

  it('applying the events twice gives identical documents', async () => {
    const events = serviceJobStory().all;
    const store = new MemoryReadStore();
    const once = await project(requestsProjection, events, store);
    expect(await project(requestsProjection, events, store)).toEqual(once);
  });
});
