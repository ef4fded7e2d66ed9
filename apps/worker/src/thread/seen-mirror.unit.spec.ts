import { SeenMirror } from './seen-mirror';

const processors = [
  { name: 'jobs', eventTypes: ['LeaseExtended', 'JobClaimed'], appendsFollowUps: false },
  { name: 'desks', eventTypes: ['JobClaimed'], appendsFollowUps: false },
  { name: 'reactor:sealer', eventTypes: ['Completed'], appendsFollowUps: true },
];

/** Resolves to what the promise settled with, or 'pending' if it has not yet (after a macrotask). */
const peek = async <T>(promise: Promise<T>): Promise<T | 'pending'> =>
  Promise.race([promise, new Promise<'pending'>((resolve) => setImmediate(() => resolve('pending')))]);

describe("SeenMirror: the processors' thread's runners, as pushed", () => {
  let head: bigint;
  let mirror: SeenMirror;
  beforeEach(() => {
    head = 0n;
    mirror = new SeenMirror(processors, async () => head);
  });
  afterEach(() => mirror.close());

  it('is not usable before the first push, nor while the thread does not hold every lease', () => {
    expect(mirror.usable).toBe(false);
    mirror.update(true, [['jobs', 5n, 0]]);
    expect(mirror.usable).toBe(true);
    mirror.update(false, []);
    expect(mirror.usable).toBe(false);
  });

  it("answers once the runners of the command's types have seen its position, and only those", async () => {
    mirror.update(true, processors.map((p) => [p.name, 0n, 0] as const));
    const settled = mirror.settle(7n, 5_000, ['LeaseExtended']);
    mirror.update(true, [['desks', 9n, 0]]);
    await expect(peek(settled)).resolves.toBe('pending');
    mirror.update(true, [['jobs', 7n, 0]]);
    await expect(settled).resolves.toBe(true);
    await expect(mirror.settle(7n, 0, ['LeaseExtended'])).resolves.toBe(true); // already seen: at once
  });

  it('answers false after the timeout, and at once for the waiters of a runner that stopped', async () => {
    mirror.update(true, processors.map((p) => [p.name, 0n, 0] as const));
    await expect(mirror.settle(3n, 20, ['LeaseExtended'])).resolves.toBe(false);
    const waiting = mirror.settle(3n, 5_000, ['LeaseExtended']);
    mirror.update(true, [['jobs', 0n, 1]]);
    await expect(waiting).resolves.toBe(false);
  });

  it('a push with an advance and a stop: the waits the advance covers are answered true, the others false', async () => {
    mirror.update(true, processors.map((p) => [p.name, 0n, 0] as const));
    const covered = mirror.settle(3n, 5_000, ['LeaseExtended']);
    const beyond = mirror.settle(9n, 5_000, ['LeaseExtended']);
    mirror.update(false, [['jobs', 3n, 1]]);
    await expect(covered).resolves.toBe(true);
    await expect(beyond).resolves.toBe(false);
  });

  it("waits for everything up to the head when a reactor handles the command's types", async () => {
    mirror.update(true, processors.map((p) => [p.name, 0n, 0] as const));
    head = 12n; // the reactor appended up to here
    const settled = mirror.settle(10n, 5_000, ['Completed']);
    mirror.update(true, [['reactor:sealer', 10n, 0]]);
    await expect(peek(settled)).resolves.toBe('pending');
    mirror.update(true, [['reactor:sealer', 12n, 0], ['jobs', 12n, 0]]);
    await expect(peek(settled)).resolves.toBe('pending'); // desks has not seen 12 yet
    mirror.update(true, [['desks', 12n, 0]]);
    await expect(settled).resolves.toBe(true);
  });

  it('a rebuild moves a runner back: waits are then for the rebuilt model', async () => {
    mirror.update(true, processors.map((p) => [p.name, 8n, 0] as const));
    mirror.update(true, [['jobs', -1n, 0]]);
    const settled = mirror.settle(8n, 5_000, ['LeaseExtended']);
    await expect(peek(settled)).resolves.toBe('pending');
    mirror.update(true, [['jobs', 8n, 0]]);
    await expect(settled).resolves.toBe(true);
  });

  it('answers false to every waiter once closed (the thread is gone)', async () => {
    mirror.update(true, processors.map((p) => [p.name, 0n, 0] as const));
    const waiting = mirror.settle(3n, 5_000);
    mirror.close();
    await expect(waiting).resolves.toBe(false);
    expect(mirror.usable).toBe(false);
  });
});
