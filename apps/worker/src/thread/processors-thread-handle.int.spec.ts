import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '../../../../libs/eventstore/src/port';
import { ProcessorsThread } from './processors-thread-handle';

/**
 * A stand-in thread with one runner ('jobs', of 'Ping'): ready at once, then answers settles as
 * `answer` says (never, or true). Its first push says it does not hold every lease (settles are
 * then asked of it) unless `pushes`: it then holds them all, and its runner has seen up to 4,
 * then 5 a little later.
 */
const fakeThread = (dir: string, answer: 'never' | 'true', pushes = false): string => {
  const file = join(dir, `thread-${answer}-${pushes}.js`);
  writeFileSync(file, `
    const { parentPort } = require('node:worker_threads');
    parentPort.postMessage({ type: 'ready', holder: 'fake', processors: [{ name: 'jobs', eventTypes: ['Ping'], appendsFollowUps: false }] });
    parentPort.postMessage({ type: 'seen', holdsAll: ${pushes}, runners: [['jobs', 4n, 0]] });
    if (${pushes}) {
      setTimeout(() => parentPort.postMessage({ type: 'seen', holdsAll: true, runners: [['jobs', 5n, 0]] }), 50);
    }
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

  it("answers from the runners' progress the thread pushes, without asking it", async () => {
    const thread = await ProcessorsThread.start({}, noStore, () => undefined, fakeThread(dir, 'never', true));
    await expect(thread.settle(5n, 5_000, ['Ping'])).resolves.toBe(true);
    await expect(thread.settle(6n, 20, ['Ping'])).resolves.toBe(false); // its own timeout, not the ask's second more
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
