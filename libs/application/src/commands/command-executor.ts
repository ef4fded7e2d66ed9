import { setTimeout as sleep } from 'node:timers/promises';
import type { Decider } from '../../../domain/src/shared/decider';
import { conflict } from '../../../domain/src/shared/errors';
import { SCHEMA_VERSION, type CommandContext, type Event, type EventMetadata } from '../../../domain/src/shared/event';
import { deriveId } from '../../../domain/src/shared/ids';
import { ConcurrencyError } from '../../../eventstore/src/errors';
import type { EventStore, NewEvent, Position, RecordedEvent } from '../../../eventstore/src/port';
import { foldStream, readFolded } from './folded-states';
import { requireSameRequest } from './same-request';

export type CommandOutcome<S, E extends Event> = {
  /** The events this command stands for: newly appended, or found from an earlier identical command. */
  readonly events: readonly E[];
  readonly state: S;
  /** Position of the last of those events (null when the command decided nothing). */
  readonly position: Position | null;
  readonly revision: number;
  /** True when the command id was already in the stream: nothing was appended. */
  readonly repeated: boolean;
  /** When the events were decided: now, or for a repeat when the first attempt stored them. */
  readonly occurredAt: string;
};

export type ExecuteOptions = { readonly retries: number };

const metadataFor = (ctx: CommandContext, eventId: string): EventMetadata => ({
  eventId,
  occurredAt: ctx.now,
  actor: ctx.actor,
  correlationId: ctx.correlationId,
  causationId: ctx.causationId,
  commandId: ctx.commandId,
  schemaVersion: SCHEMA_VERSION,
  ...(ctx.requestHash !== undefined && { requestHash: ctx.requestHash }),
});

/** Event ids are derived from the command id, so a retried append is recognised as the same. */
export const toNewEvents = (streamId: string, events: readonly Event[], ctx: CommandContext): NewEvent[] =>
  events.map((e, i) => {
    const id = deriveId(ctx.commandId, streamId, String(i));
    return { id, type: e.type, data: e.data, metadata: metadataFor(ctx, id) };
  });

const asEvent = <E extends Event>(r: RecordedEvent): E => ({ type: r.type, data: r.data }) as E;

/**
 * The answer to a command found already stored in the stream, or null: its events, and the
 * state, revision and position right after them, as the first attempt answered, whatever the
 * stream holds since. A repeat must be the same request (`requireSameRequest`).
 */
const storedBy = async <S, C, E extends Event>(store: EventStore, streamId: string, decider: Decider<S, C, E>, ctx: CommandContext, revision: number): Promise<CommandOutcome<S, E> | null> => {
  const recorded = await store.readStream(streamId);
  const own = recorded.filter((r) => r.metadata.commandId === ctx.commandId && r.revision <= revision);
  if (!own.length) return null;
  requireSameRequest(ctx, own);
  const last = own[own.length - 1];
  const state = recorded.filter((r) => r.revision <= last.revision).reduce((s, r) => decider.evolve(s, asEvent<E>(r)), decider.initialState());
  return { events: own.map(asEvent<E>), state, position: last.position, revision: last.revision, repeated: true, occurredAt: last.metadata.occurredAt };
};

/**
 * The one command cycle: read the stream, fold, decide, append with the revision read.
 * A concurrent writer makes the append fail; the whole cycle runs again (the command may
 * read other streams, so `build` is re-run too), a bounded number of times with jitter.
 * `build` is not run for a command already in the stream: checks of what the caller may do
 * now (its access, a governor's right) belong in it, so that a repeat answers as the first
 * attempt did whatever has changed since, while anything new is still refused.
 */
export const executeCommand = async <S, C, E extends Event>(
  store: EventStore,
  streamId: string,
  decider: Decider<S, C, E>,
  build: (state: S) => C | Promise<C>,
  ctx: CommandContext,
  options: ExecuteOptions,
): Promise<CommandOutcome<S, E>> => {
  for (let attempt = 0; ; attempt++) {
    const { state, commandIds, revision } = await readFolded(store, streamId, decider);
    // A repeated command is rare: read the stream whole for its events only when it may hold them
    // (the filter's "maybe" is also, about once in a hundred, a command it has not seen).
    const already = commandIds.mayHave(ctx.commandId) ? await storedBy(store, streamId, decider, ctx, revision) : null;
    if (already) return already;
    const events = decider.decide(await build(state), state);
    if (!events.length) return { events, state, position: null, revision, repeated: false, occurredAt: ctx.now };
    try {
      // Not kept as the stream's folded state: an append the store answers as a repeat did not
      // store these events. The next command folds what was stored on top of the state kept above.
      const result = await store.append(streamId, toNewEvents(streamId, events, ctx), revision < 0 ? 'no_stream' : revision);
      if (result.repeated !== true && result.nextExpectedRevision === revision + events.length) {
        return { events, state: events.reduce(decider.evolve, state), position: result.position, revision: result.nextExpectedRevision, repeated: false, occurredAt: ctx.now };
      }
      // The store already held these event ids: another attempt of this command (a retry with
      // the same Idempotency-Key, sent while this one ran) stored its events first, perhaps
      // deciding otherwise. The answer is what it stored, as for any repeat.
      const latest = await readFolded(store, streamId, decider);
      const stored = await storedBy(store, streamId, decider, ctx, latest.revision);
      if (!stored) throw new Error(`${streamId}: the store answered an append of command ${ctx.commandId} as a repeat, but holds no event of it`);
      return stored;
    } catch (e) {
      if (!(e instanceof ConcurrencyError)) throw e;
      if (attempt >= options.retries) {
        throw conflict('CONCURRENCY_CONFLICT', `${streamId} kept changing; gave up after ${attempt + 1} attempts`, { streamId });
      }
      await sleep(Math.random() * Math.min(50, 2 ** attempt));
    }
  }
};

/** Folds a stream (optionally only the events at or before a global position) into state. */
export const loadState = async <S, E extends Event>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<S, never, E>, 'initialState' | 'evolve'>,
  asOf?: Position,
): Promise<{ state: S; revision: number }> => {
  if (asOf === undefined) {
    const { state, revision } = await readFolded(store, streamId, decider);
    return { state, revision };
  }
  const recorded = await store.readStream(streamId);
  const upTo = recorded.filter((r) => r.position <= asOf);
  return {
    state:
      upTo.length === recorded.length
        ? foldStream(store, streamId, decider, recorded).state
        : upTo.reduce((s, r) => decider.evolve(s, asEvent<E>(r)), decider.initialState()),
    revision: upTo.length ? upTo[upTo.length - 1].revision : -1,
  };
};
