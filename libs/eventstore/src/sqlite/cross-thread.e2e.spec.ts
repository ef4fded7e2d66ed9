import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { START_POSITION, type RecordedEvent } from '../port';
import { SqliteEventStore } from './sqlite-event-store';

// A thread loads JavaScript: the other thread's store is the built one (npm test builds first).
const BUILT_STORE = join(__dirname, '../../../../dist/libs/eventstore/src/sqlite/sqlite-event-store.js');

/** Appends one event to `file` from another thread of this process, with the built store. */
const appendFromAnotherThread = (file: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const { SqliteEventStore } = require(workerData.built);
      const store = SqliteEventStore.open({ file: workerData.file, synchronous: 'normal', pollIntervalMs: 600000 });
      store.append('job-elsewhere', [{ id: '5a1d0c52-3f0e-4b7a-9d1e-2c8f6b0a4e11', type: 'JobCreated', data: { from: 'thread' }, metadata: {} }], 'no_stream')
        .then(() => store.close())
        .then(() => parentPort.postMessage('appended'));
    `;
    const thread = new Worker(code, { eval: true, workerData: { built: BUILT_STORE, file } });
    thread.once('message', () => resolve());
    thread.once('error', reject);
  });

describe('SqliteEventStore across threads of one process', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jobledger-threads-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("wakes a subscription on another thread's append at once, not at its next poll", async () => {
    const file = join(dir, 'events.sqlite');
    // Polls every 10 minutes: only the cross-thread wake-up can deliver within the test.
    const store = SqliteEventStore.open({ file, synchronous: 'normal', pollIntervalMs: 600_000 });
    try {
      let caughtUp: () => void = () => undefined;
      const waiting = new Promise<void>((resolve) => (caughtUp = resolve));
      const delivered = new Promise<RecordedEvent[]>((resolve) => {
        store.subscribe({ fromPosition: START_POSITION }, {
          onEvents: async (events) => resolve([...events]),
          onCaughtUp: () => caughtUp(),
        });
      });
      await waiting; // the subscription has read the empty log and now waits to be woken
      await appendFromAnotherThread(file);
      // A bound, not a speed figure: without the wake-up nothing arrives for ten minutes.
      const bound = new Promise<'not woken'>((resolve) => setTimeout(() => resolve('not woken'), 10_000).unref());
      const events = await Promise.race([delivered, bound]);
      if (events === 'not woken') throw new Error('the subscription was not woken by the other thread\'s append');
      expect(events.map((e) => [e.streamId, e.type, e.data])).toEqual([['job-elsewhere', 'JobCreated', { from: 'thread' }]]);
    } finally {
      await store.close();
    }
  });
});
