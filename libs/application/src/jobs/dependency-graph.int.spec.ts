import { jobCreated } from '../../../domain/src/testing/job-fixtures';
import { newEvent } from '../../../eventstore/contract/fixtures';
import { tempEventStore } from '../../../eventstore/src/sqlite/testing/temp-event-store';
import { orderingPath } from './dependency-graph';

describe('the cycle check of ordering relations', () => {
  const { store, remove } = tempEventStore('jobledger-graph-');
  afterAll(() => remove());

  /** Job `id`, blocked by each of `blockers`. */
  const job = async (id: string, blockers: string[] = []) => {
    const created = jobCreated({ jobId: id });
    await store.append(`job-${id}`, [newEvent(created.type, created.data), ...blockers.map((b) => newEvent('JobDependencyAdded', { relatedJobId: b, relation: 'blocked_by' }))], 'no_stream');
  };

  beforeAll(async () => {
    // h is blocked by five siblings, the last of them by t.
    await job('p-00000000');
    for (let i = 1; i <= 5; i++) await job(`p-0000000${i}`, i === 5 ? ['p-00000000'] : []);
    await job('p-000000aa', ['p-00000001', 'p-00000002', 'p-00000003', 'p-00000004', 'p-00000005']);
  });

  it('finds the path a new relation would close into a cycle', async () => {
    expect(await orderingPath(store, 'p-000000aa', 'p-00000000')).toEqual({ path: ['p-000000aa', 'p-00000005', 'p-00000000'] });
    expect(await orderingPath(store, 'p-00000000', 'p-000000aa')).toEqual({ path: null });
  });

  it('says when a graph is larger than it may walk, rather than pass it for one without a path', async () => {
    expect(await orderingPath(store, 'p-000000aa', 'p-00000000', 4)).toEqual({ path: null, unwalkedBeyond: 4 });
    // Within the bound, a graph without a path is still answered.
    expect(await orderingPath(store, 'p-00000001', 'p-00000000', 4)).toEqual({ path: null });
  });
});
