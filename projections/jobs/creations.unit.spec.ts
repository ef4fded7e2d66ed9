import type { RecordedEvent } from '../../libs/eventstore/src/port';
import { DEPENDENCY_ADDITIONS, JOB_CREATIONS, JOBS, jobsProjection, type DependencyAdditionDoc, type JobCreationDoc } from '.';
import { docOf, ev, MemoryReadStore, project, resetLog } from '../testing';

beforeEach(resetLog);

const keyed = <E extends RecordedEvent>(event: E, commandId: string, requestHash?: string): E =>
  ({ ...event, metadata: { ...event.metadata, commandId, ...(requestHash !== undefined && { requestHash }) } });
const creationsOf = async (events: readonly RecordedEvent[], store?: MemoryReadStore) =>
  (await project(jobsProjection, events, store)).get(JOB_CREATIONS) as JobCreationDoc[];
const additionsOf = async (events: readonly RecordedEvent[], store?: MemoryReadStore) =>
  (await project(jobsProjection, events, store)).get(DEPENDENCY_ADDITIONS) as DependencyAdditionDoc[];

describe('jobs: job_creations, the children by the keyed command that created them', () => {
  it('keeps a keyed allocation under its command id with the child, its parent and the request hash; an unkeyed one not at all', async () => {
    const [A, B] = ['acme-0000000a', 'acme-0000000b'];
    const events = [
      ev.jobCreated(A), ev.jobCreated(B),
      keyed(ev.childAllocated(A, 1), 'cmd-1', 'hash-1'),
      keyed(ev.childAllocated(B, 1), 'cmd-2'),
    ];
    const projected = await project(jobsProjection, events);
    expect(projected.get(JOB_CREATIONS)).toEqual([
      { _id: 'cmd-1', jobId: `${A}.1`, parentId: A, projectSlug: 'acme', requestHash: 'hash-1', lastPosition: events[2].position.toString() },
    ]);
    expect(docOf(projected, JOBS, A)).not.toHaveProperty('creationCommandIds'); // kept here, not on the job
  });

  it('a redelivered allocation changes nothing, and a command that allocated twice is found at its first child', async () => {
    const A = 'acme-0000000a';
    const created = ev.jobCreated(A);
    const first = keyed(ev.childAllocated(A, 1), 'cmd-1', 'hash-1');
    const second = keyed(ev.childAllocated(A, 2), 'cmd-1', 'hash-1');
    const store = new MemoryReadStore();
    const once = await creationsOf([created, first, second], store);
    expect(once.map((c) => c.jobId)).toEqual([`${A}.1`]);
    expect(await creationsOf([first, second], store)).toEqual(once);
  });

  it('keeps a keyed root job under its command id (the template names the project in its body), not a child\'s own JobCreated', async () => {
    const A = 'acme-0000000a';
    const root = keyed(ev.jobCreated(A), 'cmd-root', 'hash-root');
    const child = keyed(ev.jobCreated(`${A}.1`, { parentId: A }), 'cmd-child', 'hash-child');
    expect(await creationsOf([root, child])).toEqual([
      { _id: 'cmd-root', jobId: A, parentId: null, projectSlug: 'acme', requestHash: 'hash-root', lastPosition: root.position.toString() },
    ]);
  });
});

describe('jobs: dependency_additions, where each keyed addition was stored', () => {
  it('keeps a keyed addition under its command id with the stream it is on; an unkeyed one not at all; a redelivery changes nothing', async () => {
    const [A, B] = ['acme-0000000a', 'acme-0000000b'];
    // `A blocks B` as stored: on B's stream, B blocked_by A
    const added = keyed(ev.dependencyAdded(B, A, 'blocked_by'), 'cmd-1', 'hash-1');
    const events = [ev.jobCreated(A), ev.jobCreated(B), added, keyed(ev.dependencyAdded(A, B, 'waits_for'), 'cmd-2')];
    const store = new MemoryReadStore();
    const once = await additionsOf(events, store);
    expect(once).toEqual([{ _id: 'cmd-1', jobId: B, relatedJobId: A, relation: 'blocked_by', requestHash: 'hash-1', lastPosition: added.position.toString() }]);
    expect(await additionsOf([added], store)).toEqual(once);
  });
});
