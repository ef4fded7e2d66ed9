import type { CommandIdFilter } from './command-id-filter';
import type { EventStore, RecordedEvent } from '../../../eventstore/src/port';
import { foldStream, readFolded } from './folded-states';

type Counted = { readonly types: readonly string[] };
type Ev = { readonly type: string; readonly data: Record<string, never> };

const recorded = (types: readonly string[], idPrefix = 'e'): RecordedEvent[] =>
  types.map((type, revision) => ({
    id: `${idPrefix}${revision}`, streamId: 's', revision, position: BigInt(revision + 1), type, data: {},
    metadata: { eventId: `${idPrefix}${revision}`, occurredAt: '', actor: { id: 'test', role: 'system' }, correlationId: '', causationId: '', commandId: `c${revision}`, schemaVersion: 1 },
    recordedAt: '',
  }));

const counting = () => {
  const folded: string[] = [];
  return {
    folded,
    decider: {
      initialState: (): Counted => ({ types: [] }),
      evolve: (state: Counted, event: Ev): Counted => (folded.push(event.type), { types: [...state.types, event.type] }),
    },
  };
};

// Stores are only keys here: nothing is read through them.
const aStore = (): EventStore => ({}) as EventStore;

describe('foldStream', () => {
  it('folds only the events after the state it kept for the stream', () => {
    const { folded, decider } = counting();
    const store = aStore();
    expect(foldStream(store, 's', decider, recorded(['A', 'B'])).state.types).toEqual(['A', 'B']);
    expect(foldStream(store, 's', decider, recorded(['A', 'B', 'C'])).state.types).toEqual(['A', 'B', 'C']);
    expect(foldStream(store, 's', decider, recorded(['A', 'B', 'C'])).state.types).toEqual(['A', 'B', 'C']);
    expect(folded).toEqual(['A', 'B', 'C']);
  });

  it('folds everything again when the kept state does not end with the same event', () => {
    const { folded, decider } = counting();
    const store = aStore();
    foldStream(store, 's', decider, recorded(['A', 'B']));
    expect(foldStream(store, 's', decider, recorded(['X', 'Y', 'Z'], 'other')).state.types).toEqual(['X', 'Y', 'Z']);
    expect(foldStream(store, 's', decider, recorded(['X'], 'other')).state.types).toEqual(['X']); // shorter than kept
    expect(folded).toEqual(['A', 'B', 'X', 'Y', 'Z', 'X']);
  });

  it('keeps states apart per store and per stream', () => {
    const { folded, decider } = counting();
    const [one, two] = [aStore(), aStore()];
    foldStream(one, 's', decider, recorded(['A']));
    foldStream(two, 's', decider, recorded(['A']));
    foldStream(one, 't', decider, recorded(['A']));
    expect(folded).toEqual(['A', 'A', 'A']);
  });

  /** Which of c0…c9 the filter may have (a false positive among these few would show here, deterministically). */
  const knows = (ids: CommandIdFilter) => Array.from({ length: 10 }, (_, i) => `c${i}`).filter((id) => ids.mayHave(id));

  it('knows which commands the folded events came from', () => {
    const { decider } = counting();
    const store = aStore();
    expect(knows(foldStream(store, 's', decider, recorded(['A', 'B'])).commandIds)).toEqual(['c0', 'c1']);
    expect(knows(foldStream(store, 's', decider, recorded(['A', 'B', 'C'])).commandIds)).toEqual(['c0', 'c1', 'c2']);
    expect(knows(foldStream(store, 's', decider, recorded(['X'], 'other')).commandIds)).toEqual(['c0']); // folded again: only its own
  });

  it('reads only from the event its kept state ends with, and everything again when that event is not there', async () => {
    const { folded, decider } = counting();
    let stream = recorded(['A', 'B']);
    const asked: number[] = [];
    const store = { readStream: async (_id: string, options?: { fromRevision?: number }) => (asked.push(options?.fromRevision ?? 0), stream.slice(options?.fromRevision ?? 0)) } as unknown as EventStore;
    expect((await readFolded(store, 's', decider)).revision).toBe(1);
    stream = recorded(['A', 'B', 'C']);
    const resumed = await readFolded(store, 's', decider);
    expect(resumed).toMatchObject({ revision: 2, state: { types: ['A', 'B', 'C'] } });
    expect(knows(resumed.commandIds)).toEqual(['c0', 'c1', 'c2']);
    stream = recorded(['X', 'Y', 'Z', 'W'], 'other'); // not the stream the kept state came from
    expect((await readFolded(store, 's', decider)).state.types).toEqual(['X', 'Y', 'Z', 'W']);
    expect(asked).toEqual([0, 1, 2, 0]);
    expect(folded).toEqual(['A', 'B', 'C', 'X', 'Y', 'Z', 'W']);
  });
});
