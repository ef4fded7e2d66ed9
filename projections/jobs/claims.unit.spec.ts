import type { RecordedEvent } from '../../libs/eventstore/src/port';
import { JOB_CLAIMS, JOBS, jobsProjection, type JobClaimDoc } from '.';
import { agent, docOf, ev, MemoryReadStore, project, resetLog } from '../testing';

beforeEach(resetLog);

const byCommand = <E extends RecordedEvent>(event: E, commandId: string): E => ({ ...event, metadata: { ...event.metadata, commandId } });
const claimsOf = async (events: readonly RecordedEvent[], store?: MemoryReadStore) =>
  (await project(jobsProjection, events, store)).get(JOB_CLAIMS) as JobClaimDoc[];

describe('jobs: job_claims, the claims by the command that made them', () => {
  it('keeps each claim under its command id with the job and its project, after the attempt ended too', async () => {
    const [A, B] = ['acme-0000000a', 'acme-0000000b'];
    const bot = agent('a1');
    const events = [
      ev.jobCreated(A), ev.jobCreated(B),
      byCommand(ev.claimed(A, 'se-1', 1, bot), 'cmd-1'), ev.started(A, 'se-1'), ev.failed(A, 'se-1'),
      byCommand(ev.claimed(A, 'se-2', 2, bot), 'cmd-2'),
      byCommand(ev.claimed(B, 'se-3', 1, bot), 'cmd-3'),
    ];
    const projected = await project(jobsProjection, events);
    const claims = projected.get(JOB_CLAIMS) as JobClaimDoc[];
    expect(claims.map(({ _id, jobId, projectSlug }) => ({ _id, jobId, projectSlug }))).toEqual([
      { _id: 'cmd-1', jobId: A, projectSlug: 'acme' },
      { _id: 'cmd-2', jobId: A, projectSlug: 'acme' },
      { _id: 'cmd-3', jobId: B, projectSlug: 'acme' },
    ]);
    expect(claims[0].lastPosition).toBe(events[2].position.toString());
    expect(docOf(projected, JOBS, A)).not.toHaveProperty('claimCommandIds'); // kept here, not on the job
  });

  it('a redelivered claim changes nothing, and a command that claimed twice is found at its first claim', async () => {
    const [A, B] = ['acme-0000000a', 'acme-0000000b'];
    const created = [ev.jobCreated(A), ev.jobCreated(B)];
    const first = byCommand(ev.claimed(A, 'se-1', 1, agent('a1')), 'cmd-1');
    const second = byCommand(ev.claimed(B, 'se-2', 1, agent('a1')), 'cmd-1');
    const store = new MemoryReadStore();
    const once = await claimsOf([...created, first, second], store);
    expect(once).toEqual([{ _id: 'cmd-1', jobId: A, projectSlug: 'acme', lastPosition: first.position.toString() }]);
    expect(await claimsOf([first, second], store)).toEqual(once);
  });
});
