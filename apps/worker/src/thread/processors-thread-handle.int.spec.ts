import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '../../../../libs/eventstore/src/port';
import { ProcessorsThread } from './processors-thread-handle';

/** A stand-in thread: ready at once, then answers settles as `answer` says (never, or true). */
const fakeThread = (dir: string, answer: 'never' | 'true'): string => {
  const file = join(dir, `thread-${answer}.js`);
  writeFileSync(file, `
    const { parentPort } = require('node:worker_threads');
    parentPort.postMessage({ type: 'ready', holder: 'fake' });
    parentPort.on('message', (m) => {
      if (m.type === 'stop') { parentPort.postMessage({ type: 'answer', id: m.id, value: true }); process.exit(0); }
      if (m.type === 'settle' && ${JSON.stringify(answer)} === 'true') parentPort.postMessage({ type: 'answer', id: m.id, value: true });
    });
  `);
  return file;
};

describe("ProcessorsThread: the API thread's side", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'jobledger-thread-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const noStore = {} as EventStore; // the fake thread never appends

  it('answers a settle as the thread does', async () => {
    const thread = await ProcessorsThread.start({}, noStore, () => undefined, fakeThread(dir, 'true'));
    await expect(thread.settle(5n, 50)).resolves.toBe(true);
    await thread.stop();
  });

  it('answers false, a second or so after the thread\'s own bound, when the thread stopped answering', async () => {
    const thread = await ProcessorsThread.start({}, noStore, () => undefined, fakeThread(dir, 'never'));
    const started = performance.now();
    const answers = await Promise.all([thread.settle(5n, 10), thread.settle(6n, 10)]);
    expect(answers).toEqual([false, false]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_000); // not before its bound (+1 s)
    await thread.stop();
  });
});
