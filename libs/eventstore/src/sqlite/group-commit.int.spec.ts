import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newEvent } from '../../contract/fixtures';
import { ConcurrencyError } from '../errors';
import { AppendNotifier, type Appended } from './append-notifier';
import { SqliteEventStore } from './sqlite-event-store';

describe('SqliteEventStore group commit', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jobledger-gc-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('commits a burst of concurrent appends together, each with its own outcome', async () => {
    const store = SqliteEventStore.open({ file: join(dir, 'events.db') });
    await store.append('job-taken', [newEvent('Created')], 'no_stream');
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 20 }, (_, i) => store.append(`job-${i}`, [newEvent('Created'), newEvent('Claimed')], 'no_stream')),
      store.append('job-taken', [newEvent('Again')], 'no_stream'), // refused inside the group
      store.append('job-taken', [newEvent('Next')], 0),
    ]);
    expect(outcomes.slice(0, 20).every((o) => o.status === 'fulfilled')).toBe(true);
    const refused = outcomes[20];
    expect(refused.status === 'rejected' && refused.reason instanceof ConcurrencyError).toBe(true);
    expect(outcomes[21]).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 1 } });
    expect((await store.readStream('job-taken')).map((e) => e.type)).toEqual(['Created', 'Next']);
    const positions = outcomes.slice(0, 20).map((o) => (o.status === 'fulfilled' ? o.value.position : -1n));
    expect(new Set(positions).size).toBe(20);
    expect((await store.readAll({ maxCount: 100 })).length).toBe(42);
    await store.close();
  });

  it('gives appends issued together their positions in the order they were called (ordersAppends)', async () => {
    const store = SqliteEventStore.open({ file: join(dir, 'events.db') });
    expect(store.ordersAppends).toBe(true);
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => store.append(`record-${29 - i}`, [newEvent('Sealed')], 'no_stream')));
    const positions = results.map((r) => r.position);
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(new Set(positions).size).toBe(30);
    expect((await store.readAll({ maxCount: 100 })).map((e) => e.streamId)).toEqual(Array.from({ length: 30 }, (_, i) => `record-${29 - i}`));
    await store.close();
  });

  it('announces each group that wrote, once, with its range of positions, its types and its streams', async () => {
    const file = join(dir, 'events.db');
    const store = SqliteEventStore.open({ file });
    const created = newEvent('Created');
    await store.append('job-taken', [created], 'no_stream'); // position 1
    const heard: Appended[] = [];
    const unlisten = new AppendNotifier(file).listen((appended) => heard.push(appended));

    const outcomes = await Promise.allSettled([
      store.append('job-1', [newEvent('Created'), newEvent('Claimed')], 'no_stream'), // 2, 3
      store.append('job-taken', [newEvent('Again')], 'no_stream'), // refused: not announced
      store.append('job-taken', [created], 'any'), // a repeat: writes nothing
      store.append('order-7', [newEvent('Placed')], 'any'), // 4
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(heard).toEqual([
      { after: 1n, last: 4n, types: new Set(['Created', 'Claimed', 'Placed']), streamIds: new Set(['job-1', 'order-7']), verbatim: true },
    ]);

    await store.append('job-taken', [created], 'any'); // a group that writes nothing is not announced
    expect(heard).toHaveLength(1);
    await store.append('job-\uD800', [newEvent('Odd')], 'no_stream'); // stored as U+FFFD: JS and SQL may disagree
    expect(heard[1]).toMatchObject({ after: 4n, last: 5n, verbatim: false });
    unlisten();
    await store.close();
  });

  it('writes what was queued when the store closes, and keeps it across a reopen', async () => {
    const file = join(dir, 'events.db');
    const store = SqliteEventStore.open({ file });
    const pending = store.append('job-1', [newEvent('Created')], 'no_stream');
    await store.close();
    await expect(pending).resolves.toMatchObject({ nextExpectedRevision: 0 });
    const reopened = SqliteEventStore.open({ file });
    expect((await reopened.readStream('job-1')).map((e) => e.type)).toEqual(['Created']);
    await expect(reopened.append('job-2', [newEvent('X')], 'any')).resolves.toBeDefined();
    await reopened.close();
    await expect(reopened.append('job-3', [newEvent('X')], 'any')).rejects.toThrow('closed');
  });
});
