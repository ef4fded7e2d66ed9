import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '../../../../libs/eventstore/src/port';
import { ProcessorsThread } from './processors-thread-handle';

/** What the stand-in thread's runner does 50 ms after its first push. */
type Then =
  | 'nothing'
  | 'advances' // sees up to 5
  | 'loses-lease' // stops (its lease went to another worker): not every lease held any more
  | 'switches' // a rebuild switches 'jobs' to generation 2, then the runner sees up to 5 there
  | 'dies'; // the thread exits

/**
 * A stand-in thread with one runner ('jobs', of 'Ping'), seen up to 4: ready at once, then
 * answers settles asked of it as `answer` says (never, or true). Its first push says it holds
 * every lease when `holdsAll` (settles are then answered on the API's side); then `then`.
 */
const fakeThread = (dir: string, answer: 'never' | 'true', holdsAll = false, then: Then = 'nothing'): string => {
  const file = join(dir, `thread-${answer}-${holdsAll}-${then}.js`);
  writeFileSync(file, `
    const { parentPort } = require('node:worker_threads');
    parentPort.postMessage({ type: 'ready', holder: 'fake', processors: [{ name: 'jobs', eventTypes: ['Ping'], appendsFollowUps: false }] });
    parentPort.postMessage({ type: 'seen', holdsAll: ${holdsAll}, runners: [['jobs', 4n, 0]] });
    setTimeout(() => {
      const then = ${JSON.stringify(then)};
      if (then === 'advances') parentPort.postMessage({ type: 'seen', holdsAll: true, runners: [['jobs', 5n, 0]] });
      if (then === 'loses-lease') parentPort.postMessage({ type: 'seen', holdsAll: false, runners: [['jobs', 4n, 1]] });
      if (then === 'dies') process.exit(3);
      if (then === 'switches') {
        parentPort.postMessage({ type: 'switched', projection: 'jobs', generation: 2 });
        parentPort.postMessage({ type: 'seen', holdsAll: true, runners: [['jobs', 5n, 0]] });
      }
    }, 50);
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

  it('asks the thread while it does not hold every lease, and answers as it does', async () => {
    const thread = await ProcessorsThread.start({}, noStore, () => undefined, () => undefined, fakeThread(dir, 'true'));
    await expect(thread.settle(5n, 50)).resolves.toBe(true);
    await thread.stop();
  });

  it("answers from the runners' progress the thread pushes, without asking it", async () => {
    const thread = await ProcessorsThread.start({}, noStore, () => undefined, () => undefined, fakeThread(dir, 'never', true, 'advances'));
    await expect(thread.settle(5n, 5_000, ['Ping'])).resolves.toBe(true);
    const started = performance.now();
    await expect(thread.settle(6n, 20, ['Ping'])).resolves.toBe(false);
    expect(performance.now() - started).toBeLessThan(900); // its own timeout: an ask would take a second more
    await thread.stop();
  });

  it("moves this thread's readers to a switched generation before a settle counts the writes made there", async () => {
    const told: string[] = [];
    const thread = await ProcessorsThread.start({}, noStore, () => undefined, (projection, generation) => told.push(`${projection} → ${generation}`), fakeThread(dir, 'never', true, 'switches'));
    const settled = thread.settle(5n, 5_000, ['Ping']).then((ok) => told.push(`settled ${ok}`));
    await settled;
    expect(told).toEqual(['jobs → 2', 'settled true']);
    await thread.stop();
  });

  it('asks the thread for the time left when a lease went to another worker during the wait', async () => {
    const thread = await ProcessorsThread.start({}, noStore, () => undefined, () => undefined, fakeThread(dir, 'true', true, 'loses-lease'));
    await expect(thread.settle(5n, 5_000, ['Ping'])).resolves.toBe(true); // the thread (its checkpoints) answered
    await thread.stop();
  });

  it('answers false at once to the waiting settles when the thread dies, and reports the failure', async () => {
    const failures: Error[] = [];
    const thread = await ProcessorsThread.start({}, noStore, (error) => failures.push(error), () => undefined, fakeThread(dir, 'never', true, 'dies'));
    const started = performance.now();
    await expect(thread.settle(5n, 5_000, ['Ping'])).resolves.toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(failures.map((e) => e.message)).toEqual(["the processors' thread exited (3)"]);
    await thread.stop();
  });

  it('answers false, a second or so after the thread\'s own bound, when the thread stopped answering', async () => {
    const thread = await ProcessorsThread.start({}, noStore, () => undefined, () => undefined, fakeThread(dir, 'never'));
    const started = performance.now();
    const answers = await Promise.all([thread.settle(5n, 10), thread.settle(6n, 10)]);
    expect(answers).toEqual([false, false]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_000); // not before its bound (+1 s)
    await thread.stop();
  });
});
