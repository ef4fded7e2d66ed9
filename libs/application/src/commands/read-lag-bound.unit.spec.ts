import type { Position } from '../../../eventstore/src/port';
import type { Settler } from './command-gateway';
import { ReadLagBound } from './read-lag-bound';

type Asked = { position: Position; timeoutMs: number; eventTypes?: readonly string[]; answer: (seen: boolean) => void; fail: (e: Error) => void };

/** A settler that answers only when the test says so. */
const heldSettler = () => {
  const asked: Asked[] = [];
  const settler: Settler = {
    settle: (position, timeoutMs, eventTypes) =>
      new Promise<boolean>((resolve, reject) => asked.push({ position, timeoutMs, eventTypes, answer: resolve, fail: reject })),
    status: () => [],
  };
  return { settler, asked };
};

const flush = () => new Promise((resolve) => setImmediate(resolve));

/** Resolves to 'admitted' or stays 'waiting' after the microtasks have run. */
const stateOf = async (admission: Promise<void>): Promise<'admitted' | 'waiting'> => {
  let done = false;
  void admission.then(() => (done = true));
  await flush();
  return done ? 'admitted' : 'waiting';
};

describe('ReadLagBound', () => {
  let clock: number;
  const now = () => clock;
  beforeEach(() => (clock = 1_000));

  it('admits at once while the oldest command is younger than the bound, keeping one settle asked for all of them', async () => {
    const { settler, asked } = heldSettler();
    const bound = new ReadLagBound(settler, { boundMs: 40, maxWaitMs: 2_000, now });
    bound.appended(10n, ['A']);
    clock += 5;
    bound.appended(12n, ['B']);
    clock += 30; // ages 35 and 30
    expect(await stateOf(bound.admit())).toBe('admitted');
    expect(await stateOf(bound.admit())).toBe('admitted');
    expect(asked).toHaveLength(1); // shared, not one per admission
    expect(asked[0]).toMatchObject({ position: 12n, timeoutMs: 2_000 });
    expect([...(asked[0].eventTypes ?? [])].sort()).toEqual(['A', 'B']);
    bound.appended(14n, ['C']); // after the settle was asked: not covered by it
    asked[0].answer(true);
    await flush();
    expect(bound.waiting).toBe(1);
    expect(await stateOf(bound.admit())).toBe('admitted');
    expect(asked.map((a) => a.position)).toEqual([12n, 14n]); // the next one is asked at once
  });

  it('makes commands wait once the oldest unapplied command is past the bound, and lets them all go when it is applied', async () => {
    const { settler, asked } = heldSettler();
    const waits: number[] = [];
    const bound = new ReadLagBound(settler, { boundMs: 40, maxWaitMs: 2_000, now, onWait: (s) => waits.push(s) });
    bound.appended(10n, ['A']);
    clock += 41;
    const first = bound.admit();
    const second = bound.admit();
    expect(await stateOf(first)).toBe('waiting');
    expect(await stateOf(second)).toBe('waiting');
    expect(asked).toHaveLength(1);
    clock += 7;
    asked[0].answer(true);
    expect(await stateOf(first)).toBe('admitted');
    expect(await stateOf(second)).toBe('admitted');
    expect(bound.waiting).toBe(0);
    expect(waits).toEqual([0.007, 0.007]);
    await bound.admit();
    expect(waits).toHaveLength(2); // only commands that waited are counted
  });

  it('keeps waiting for the next settle when a command it did not cover is past the bound too', async () => {
    const { settler, asked } = heldSettler();
    const bound = new ReadLagBound(settler, { boundMs: 40, maxWaitMs: 2_000, now });
    bound.appended(10n, ['A']);
    clock += 45;
    const admission = bound.admit(); // asks for 10 and waits
    bound.appended(11n, ['B']);
    expect(asked.map((a) => a.position)).toEqual([10n]);
    clock += 50; // 11 is now 50 old
    asked[0].answer(true);
    expect(await stateOf(admission)).toBe('waiting');
    expect(asked.map((a) => a.position)).toEqual([10n, 11n]);
    asked[1].answer(true);
    expect(await stateOf(admission)).toBe('admitted');
  });

  it('treats a settle that times out or fails as stalled read models: commands stop waiting for a while', async () => {
    for (const outcome of ['timeout', 'error'] as const) {
      const { settler, asked } = heldSettler();
      const bound = new ReadLagBound(settler, { boundMs: 40, maxWaitMs: 2_000, stalledPauseMs: 5_000, now });
      bound.appended(10n, ['A']);
      clock += 50;
      const admission = bound.admit();
      if (outcome === 'timeout') asked[0].answer(false);
      else asked[0].fail(new Error("the processors' thread has failed"));
      expect(await stateOf(admission)).toBe('admitted');
      bound.appended(11n, ['B']);
      clock += 100; // past the bound, but within the pause
      expect(await stateOf(bound.admit())).toBe('admitted');
      clock += 5_000; // the pause is over: waiting again
      const later = bound.admit();
      expect(await stateOf(later)).toBe('waiting');
      asked[asked.length - 1].answer(true);
      expect(await stateOf(later)).toBe('admitted');
    }
  });

  it('counts a command from the moment it began when told, not from its acknowledgement', async () => {
    const { settler, asked } = heldSettler();
    const bound = new ReadLagBound(settler, { boundMs: 40, maxWaitMs: 2_000, now });
    bound.appended(10n, ['A'], clock - 35); // its append took 35 ms
    clock += 6;
    expect(await stateOf(bound.admit())).toBe('waiting');
    asked[0].answer(true);
  });

  it('waits no longer than maxWaitMs in all, even across several settles', async () => {
    const { settler, asked } = heldSettler();
    const bound = new ReadLagBound(settler, { boundMs: 40, maxWaitMs: 100, now });
    bound.appended(10n, ['A']);
    clock += 45;
    const admission = bound.admit();
    bound.appended(11n, ['B']);
    clock += 60;
    asked[0].answer(true); // 11 is past the bound: another settle, and more waiting
    expect(await stateOf(admission)).toBe('waiting');
    clock += 50; // 110 ms waited in all
    asked[1].answer(true);
    bound.appended(12n, ['C'], clock - 45);
    expect(await stateOf(admission)).toBe('admitted');
  });

  it('counts the oldest command first even when a younger one finished before it', async () => {
    const { settler } = heldSettler();
    const bound = new ReadLagBound(settler, { boundMs: 40, maxWaitMs: 2_000, now });
    bound.appended(11n, ['B'], clock); // began now, finished first
    bound.appended(10n, ['A'], clock - 30); // began 30 ms ago, finished second
    clock += 15; // the older one is 45 old, the younger 15
    expect(await stateOf(bound.admit())).toBe('waiting');
  });

  it("forgets the commands a command's own settle covers: at or before its position, and only of the types it settled", async () => {
    const { settler, asked } = heldSettler();
    const bound = new ReadLagBound(settler, { boundMs: 40, maxWaitMs: 2_000, now });
    bound.appended(10n, ['LeaseExtended']);
    bound.appended(11n, ['JobCompleted']); // other processors: not covered by a LeaseExtended settle
    bound.appended(12n, ['LeaseExtended', 'JobCompleted']); // partly covered: still counted
    bound.appended(13n, ['LeaseExtended']);
    bound.appended(20n, ['LeaseExtended']); // after the settled position
    bound.applied(13n, ['LeaseExtended']);
    expect(bound.waiting).toBe(3);
    clock += 41; // the oldest left (11) is past the bound
    expect(await stateOf(bound.admit())).toBe('waiting');
    expect(asked).toHaveLength(1);

    bound.applied(20n); // a settle over every processor covers every type
    expect(bound.waiting).toBe(0);
    asked[0].answer(true);
    await flush();
    expect(await stateOf(bound.admit())).toBe('admitted');
  });

  it('with a bound of 0 remembers nothing and never waits', async () => {
    const { settler, asked } = heldSettler();
    const bound = new ReadLagBound(settler, { boundMs: 0, maxWaitMs: 2_000, now });
    bound.appended(10n, ['A']);
    clock += 60_000;
    expect(await stateOf(bound.admit())).toBe('admitted');
    expect(bound.waiting).toBe(0);
    expect(asked).toHaveLength(0);
  });
});
