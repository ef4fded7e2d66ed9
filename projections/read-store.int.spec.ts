import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadStore } from '../libs/readstore/src/sqlite/sqlite-read-store';
import { ALL_PROJECTIONS } from '.';
import { ev, operator, project, resetLog, serviceJobStory } from './testing';

/**
 * The unit tests run one event per batch on an in-memory store; the projector batches
 * several events per transaction on a real store. Both must build the same documents, and
 * the real store must accept every collection and index the projections declare.
 */
describe('projections on the embedded SQLite read store', () => {
  it('build, in batches of several events, exactly the documents of one-event batches', async () => {
    resetLog();
    const dana = operator('dana');
    const later = 'acme-0000000b';
    const events = [
      ...serviceJobStory().all,
      ev.jobCreated(later, { assignee: dana }), ev.dependencyAdded(later, 'acme-0000000a', 'blocked_by'),
      ev.claimed(later, 'se-b', 1, dana), ev.failed(later, 'se-b'), ev.resubmitted('acme-0000000a'),
    ];
    for (const projection of ALL_PROJECTIONS) {
      const dir = mkdtempSync(join(tmpdir(), 'jobledger-projections-'));
      const store = SqliteReadStore.open({ file: join(dir, 'read.sqlite') });
      try {
        for (const c of projection.collections) await store.ensureCollection(c.name, c.indexes);
        const types = new Set(projection.eventTypes);
        const handled = events.filter((e) => types.has(e.type));
        for (let i = 0; i < handled.length; i += 4) {
          const batch = handled.slice(i, i + 4);
          await store.applyBatch(projection.name, batch[batch.length - 1].position, async (writer) => {
            for (const event of batch) await projection.apply(event, writer);
          });
        }
        const expected = await project(projection, events);
        for (const { name } of projection.collections) {
          const { items } = await store.collection(name).find({}, { sort: [['_id', 1]], limit: 1000 });
          expect({ collection: name, docs: items }).toEqual({ collection: name, docs: expected.get(name) });
        }
      } finally {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});
