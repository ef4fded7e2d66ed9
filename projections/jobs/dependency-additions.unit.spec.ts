import type { RecordedEvent } from '../../libs/eventstore/src/port';
import { DEPENDENCY_ADDITIONS, jobsProjection, type DependencyAdditionDoc } from '.';
import { ev, MemoryReadStore, project, resetLog } from '../testing';

beforeEach(resetLog);

const keyed = <E extends RecordedEvent>(event: E, commandId: string, requestHash?: string): E =>
  ({ ...event, metadata: { ...event.metadata, commandId, ...(requestHash !== undefined && { requestHash }) } });
const additionsOf = async (events: readonly RecordedEvent[], store?: MemoryReadStore) =>
  (await project(jobsProjection, events, store)).get(DEPENDENCY_ADDITIONS) as DependencyAdditionDoc[];

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
