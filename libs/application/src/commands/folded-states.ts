import type { Event } from '../../../domain/src/shared/event';
import type { EventStore, RecordedEvent } from '../../../eventstore/src/port';
import { CommandIdFilter } from './command-id-filter';

/** Streams per store and fold whose last state is kept (least recently folded dropped first). */
const MAX_STREAMS = 10_000;

type Evolve<S, E extends Event> = (state: S, event: E) => S;
/**
 * `commandIds`: the command ids of the events folded, at least (a later fold of the stream
 * may have added more): a command id it says it lacks is in none of them.
 */
type Folded = { readonly revision: number; readonly lastEventId: string; readonly state: unknown; readonly commandIds: CommandIdFilter };

// Per store (a test's stores, or two files, never share states) and per evolve function.
const byStore = new WeakMap<EventStore, WeakMap<object, Map<string, Folded>>>();

const statesOf = <S, E extends Event>(store: EventStore, evolve: Evolve<S, E>): Map<string, Folded> => {
  let byEvolve = byStore.get(store);
  if (!byEvolve) byStore.set(store, (byEvolve = new WeakMap()));
  let states = byEvolve.get(evolve);
  if (!states) byEvolve.set(evolve, (states = new Map()));
  return states;
};

const keep = (states: Map<string, Folded>, streamId: string, folded: Folded): void => {
  states.delete(streamId); // re-inserted last: Map order is the recency order
  states.set(streamId, folded);
  if (states.size > MAX_STREAMS) states.delete(states.keys().next().value as string);
};

const asEvent = <E extends Event>(r: RecordedEvent): E => ({ type: r.type, data: r.data }) as E;

type FoldResult<S> = { readonly state: S; readonly commandIds: CommandIdFilter; readonly revision: number };

/** A kept fold to resume from; the caller has checked it is the fold of the events it continues, so its state is an S. */
const resumed = <S>(kept: Folded): FoldResult<S> => ({ state: kept.state as S, commandIds: kept.commandIds, revision: kept.revision });

const foldOnto = <S, E extends Event>(
  states: Map<string, Folded>,
  streamId: string,
  evolve: Evolve<S, E>,
  start: FoldResult<S>,
  recorded: readonly RecordedEvent[],
  from: number,
): FoldResult<S> => {
  let state = start.state;
  const commandIds = start.commandIds;
  for (let i = from; i < recorded.length; i++) {
    state = evolve(state, asEvent<E>(recorded[i]));
    // A command's events are consecutive: its id is added once, not once per event.
    const commandId = recorded[i].metadata.commandId;
    if (i === 0 || recorded[i - 1].metadata.commandId !== commandId) commandIds.add(commandId);
  }
  if (!recorded.length) return { state, commandIds, revision: start.revision };
  const last = recorded[recorded.length - 1];
  keep(states, streamId, { revision: last.revision, lastEventId: last.id, state, commandIds });
  return { state, commandIds, revision: last.revision };
};

/**
 * Folds a stream's events into state, starting from the state last folded for it when that
 * one is a prefix of these events: a command then folds only what was appended since. Safe to
 * share because folds are pure and states are never mutated (deciders copy on every change);
 * the id of the event the kept state ends with must match, or everything is folded again.
 */
export const foldStream = <S, E extends Event>(
  store: EventStore,
  streamId: string,
  decider: { readonly initialState: () => S; readonly evolve: Evolve<S, E> },
  recorded: readonly RecordedEvent[],
): FoldResult<S> => {
  const states = statesOf(store, decider.evolve);
  const kept = states.get(streamId);
  const resumes = kept !== undefined && kept.revision < recorded.length && recorded[kept.revision]?.id === kept.lastEventId;
  const start = resumes ? resumed<S>(kept) : { state: decider.initialState(), commandIds: new CommandIdFilter(), revision: -1 };
  return foldOnto(states, streamId, decider.evolve, start, recorded, resumes ? kept.revision + 1 : 0);
};

/**
 * Reads and folds a stream. With a state kept for it, only the events from the one it ends
 * with are read (that one again, to check the stream still holds it): a long stream is then
 * neither read nor held whole to run one more command on it. Otherwise the whole stream.
 */
export const readFolded = async <S, E extends Event>(
  store: EventStore,
  streamId: string,
  decider: { readonly initialState: () => S; readonly evolve: Evolve<S, E> },
): Promise<FoldResult<S>> => {
  const states = statesOf(store, decider.evolve);
  const kept = states.get(streamId);
  if (kept) {
    const tail = await store.readStream(streamId, { fromRevision: kept.revision });
    if (tail[0]?.id === kept.lastEventId) {
      return foldOnto(states, streamId, decider.evolve, resumed<S>(kept), tail, 1);
    }
  }
  return foldStream(store, streamId, decider, await store.readStream(streamId));
};
