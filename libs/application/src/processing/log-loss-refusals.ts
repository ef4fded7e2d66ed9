import type { Position } from '../../../eventstore/src/port';
import { MAX_LIMIT } from '../../../readstore/src/page-limit';
import type { ReadStore } from '../../../readstore/src/port';
import { saveRevisioned } from '../generations/generation-store';

/**
 * A processor's refusal to run from a checkpoint beyond the log's head, kept beside its read
 * models. Comparing with the head at each start is not enough: the API goes on appending, and
 * once the head passes the checkpoint the lost positions hold new events, which a start from
 * that checkpoint would skip for good. So the refusal stands, whatever the head, while the
 * checkpoint is the one refused; a rebuild or a reset moves the checkpoint and ends it.
 */
export const LOG_LOSS_REFUSALS = 'processor_refusals';

type RefusalDoc = {
  readonly _id: string;
  /** Grows with every write (`saveRevisioned`): the store guards each document by it. */
  readonly revision: number;
  /** The checkpoint refused (decimal), or null once the refusal has ended. */
  readonly checkpoint: string | null;
  readonly head: string | null;
  readonly at: string;
};

const load = (store: ReadStore, name: string): Promise<RefusalDoc | null> => store.collection<RefusalDoc>(LOG_LOSS_REFUSALS).get(name);

const save = async (store: ReadStore, previous: RefusalDoc | null, name: string, checkpoint: Position | null, head: Position | null): Promise<void> => {
  const doc: RefusalDoc = {
    _id: name, revision: (previous?.revision ?? 0) + 1, checkpoint: checkpoint?.toString() ?? null, head: head?.toString() ?? null, at: new Date().toISOString(),
  };
  await saveRevisioned(store, LOG_LOSS_REFUSALS, doc);
};

/**
 * The head, when `checkpoint` must not be run from: it is beyond the head now, or it was
 * refused before and has not moved since. Null when it may run (ending an old refusal whose
 * checkpoint has moved: the read models were rebuilt or reset meanwhile).
 */
export const refusedHead = async (store: ReadStore, name: string, checkpoint: Position, head: Position): Promise<Position | null> => {
  await store.ensureCollection(LOG_LOSS_REFUSALS, []);
  const refusal = await load(store, name);
  const standing = refusal !== null && refusal.checkpoint === checkpoint.toString();
  if (standing) return BigInt(refusal.head ?? head.toString());
  if (checkpoint > head) {
    await save(store, refusal, name, checkpoint, head);
    return head;
  }
  await endRefusal(store, name, refusal);
  return null;
};

/** A start from zero (a rebuild, a reset, a new store): whatever was refused before is gone. */
export const endRefusal = async (store: ReadStore, name: string, known?: RefusalDoc | null): Promise<void> => {
  if (known === undefined) await store.ensureCollection(LOG_LOSS_REFUSALS, []);
  const refusal = known === undefined ? await load(store, name) : known;
  if (refusal?.checkpoint != null) await save(store, refusal, name, null, null);
};

/**
 * The processors, among `checkpoints` (name → stored checkpoint), whose refusal stands. Read
 * from the store, not from any runner: a refused processor runs nowhere, and its lease, taken
 * and given up again at each failed start, is held by nobody. One read for all of them (one
 * document per processor, far below the page limit).
 */
export const standingRefusals = async (store: ReadStore, checkpoints: ReadonlyMap<string, Position | null>): Promise<ReadonlySet<string>> => {
  const { items } = await store.collection<RefusalDoc>(LOG_LOSS_REFUSALS).find({}, { limit: MAX_LIMIT });
  return new Set(items.filter((r) => r.checkpoint !== null && r.checkpoint === checkpoints.get(r._id)?.toString()).map((r) => r._id));
};
