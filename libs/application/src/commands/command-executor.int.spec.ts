import { CachingEventStore } from '../../../eventstore/src/caching-event-store';
import { DelegatingEventStore } from '../../../eventstore/src/delegating-event-store';
import type { EventStore } from '../../../eventstore/src/port';
import { SqliteEventStore } from '../../../eventstore/src/sqlite/sqlite-event-store';
import type { CommandContext } from '../../../domain/src/shared/event';
import { CommandIdFilter } from './command-id-filter';
import { executeCommand, loadState, type CommandOutcome } from './command-executor';

type S = { readonly seen: readonly string[] };
type E = { readonly type: 'Noted'; readonly data: { readonly note: string } };
const decider = {
  initialState: (): S => ({ seen: [] }),
  evolve: (s: S, e: E): S => ({ seen: [...s.seen, e.data.note] }),
  decide: (note: string): readonly E[] => [{ type: 'Noted', data: { note } }],
};
const ctx = (commandId: string): CommandContext => ({
  commandId, actor: { id: 't', role: 'system' }, correlationId: 'c', causationId: 'c', now: '2026-01-01T00:00:00.000Z',
});

describe('executeCommand and the folded states it keeps', () => {
  // K's first attempt reads [a] and waits in a slow build while X appends and K's retry (same
  // command id, so the same event ids) lands on top of X; the store then answers K's first
  // attempt as a repeat. What that attempt reports must be what was stored.
  const raceOfTwoAttempts = async (store: EventStore) => {
    await executeCommand(store, 's', decider, () => 'a', ctx('A'), { retries: 0 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = executeCommand(store, 's', decider, async () => (await gate, 'k-first'), ctx('K'), { retries: 0 });
    await new Promise((resolve) => setImmediate(resolve));
    await executeCommand(store, 's', decider, () => 'x', ctx('X'), { retries: 0 });
    const retry = await executeCommand(store, 's', decider, () => 'k-retry', ctx('K'), { retries: 0 });
    release();
    return { first: await first, retry };
  };

  it('keeps folding what was stored when another attempt of the same command got there first', async () => {
    const store = new CachingEventStore(SqliteEventStore.open({ file: ':memory:' }));
    await raceOfTwoAttempts(store);
    const stored = (await store.readStream('s')).map((r) => (r.data as { note: string }).note);
    expect(stored).toEqual(['a', 'x', 'k-retry']);
    expect((await loadState(store, 's', decider)).state.seen).toEqual(stored);
    await store.close();
  });

  const summary = (o: CommandOutcome<S, E>) => ({ repeated: o.repeated, notes: o.events.map((e) => e.data.note), seen: o.state.seen, revision: o.revision, position: o.position });

  it('answers the attempt the store found repeated with what the other attempt stored', async () => {
    const store = new CachingEventStore(SqliteEventStore.open({ file: ':memory:' }));
    const { first, retry } = await raceOfTwoAttempts(store);
    expect(summary(first)).toEqual({ ...summary(retry), repeated: true });
    expect(summary(first)).toMatchObject({ notes: ['k-retry'], seen: ['a', 'x', 'k-retry'], revision: 2 });
    await store.close();
  });

  it('recognises the repeat by the revision it landed at when the store cannot say (EventStoreDB)', async () => {
    const inner = SqliteEventStore.open({ file: ':memory:' });
    // As EventStoreDB answers: a repeat looks like the write it repeats.
    const silent = new (class extends DelegatingEventStore {
      override async append(...args: Parameters<EventStore['append']>) {
        const { repeated: _said, ...result } = await super.append(...args);
        return result;
      }
    })(inner);
    const { first, retry } = await raceOfTwoAttempts(silent);
    expect(summary(first)).toEqual({ ...summary(retry), repeated: true });
    await silent.close();
  });

  it('runs a new command whose id the stream\'s filter only may have (a false positive), and repeats none', async () => {
    const store = new CachingEventStore(SqliteEventStore.open({ file: ':memory:' }));
    await executeCommand(store, 's', decider, () => 'a', ctx('A'), { retries: 0 });
    // An id the filter of ['A'] answers "maybe" for: found by trying, so the filter is exercised as it is.
    const filter = new CommandIdFilter();
    filter.add('A');
    let i = 0;
    while (!filter.mayHave(`B-${i}`)) i++;
    const lookalike = `B-${i}`;
    const outcome = await executeCommand(store, 's', decider, () => 'b', ctx(lookalike), { retries: 0 });
    expect(outcome.repeated).toBe(false);
    const again = await executeCommand(store, 's', decider, () => 'b-again', ctx(lookalike), { retries: 0 });
    expect(again).toMatchObject({ repeated: true, events: [{ type: 'Noted', data: { note: 'b' } }] });
    expect((await store.readStream('s')).map((r) => (r.data as { note: string }).note)).toEqual(['a', 'b']);
    await store.close();
  });

  it('decides again on what a concurrent writer stored, and gives up with 409 CONCURRENCY_CONFLICT after its retries', async () => {
    const store = new CachingEventStore(SqliteEventStore.open({ file: ':memory:' }));
    let builds = 0;
    // Each build lets another command append first, so the append at the revision it read fails.
    const contended = (streamId: string, competitors: number) => async () => {
      builds++;
      if (builds <= competitors) await executeCommand(store, streamId, decider, () => `other-${builds}`, ctx(`${streamId}-${builds}`), { retries: 0 });
      return 'mine';
    };
    const won = await executeCommand(store, 's', decider, contended('s', 2), ctx('M'), { retries: 2 });
    expect([builds, won.state.seen]).toEqual([3, ['other-1', 'other-2', 'mine']]);

    builds = 0;
    await expect(executeCommand(store, 't', decider, contended('t', 99), ctx('N'), { retries: 2 })).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT', kind: 'conflict' });
    expect(builds).toBe(3);
    expect((await store.readStream('t')).map((r) => (r.data as { note: string }).note)).toEqual(['other-1', 'other-2', 'other-3']);
    await store.close();
  });
});
