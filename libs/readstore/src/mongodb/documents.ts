import type { AnyBulkWriteOperation, Document, Filter as MongoFilter, UpdateFilter } from 'mongodb';
import { invalid } from '../../../domain/src/shared/errors';
import type { Position } from '../../../eventstore/src/port';
import type { Doc } from '../port';

/**
 * The position of the batch that last wrote a document, as a BSON Long (a bigint with
 * `useBigInt64`). Not `lastPosition`: projections keep their own string `lastPosition` in
 * their documents (per-event idempotency), and the store must not overwrite it.
 */
export const POSITION_FIELD = '_lastPosition';

/** A document as MongoDB holds it: the read model's fields plus the store's guard. */
export type StoredDoc = Doc & { readonly [POSITION_FIELD]: bigint };

export const isReservedField = (key: string): boolean => key === POSITION_FIELD;

/** What a reader gets back: exactly what was put, without the guard. */
export const fromStored = <T extends Doc>(stored: Document): T => {
  const { [POSITION_FIELD]: _guard, ...doc } = stored;
  return doc as T;
};

export const toStored = (doc: Doc, position: Position): StoredDoc => {
  if (Object.prototype.hasOwnProperty.call(doc, POSITION_FIELD)) throw invalid('INVALID_DOCUMENT', `${POSITION_FIELD} is reserved by the read store`);
  return { ...doc, [POSITION_FIELD]: position };
};

/**
 * Guarded: matches the document only while it holds an older batch than `position`. Inside
 * a transaction the store has compared positions itself (a failed write there would abort
 * the transaction), so it matches on `_id` alone.
 */
const target = (id: string, position: Position, guarded: boolean): MongoFilter<StoredDoc> =>
  guarded ? { _id: id, [POSITION_FIELD]: { $lt: position } } : { _id: id };

/**
 * Replace (never merge). Guarded, when a newer or the same batch already wrote the document
 * the filter does not match and the upsert's insert collides on `_id` (duplicate key 11000):
 * "already applied".
 */
export const putOperation = (doc: Doc, position: Position, guarded: boolean): AnyBulkWriteOperation<StoredDoc> => ({
  replaceOne: { filter: target(doc._id, position, guarded), replacement: toStored(doc, position), upsert: true },
});

export const deleteOperation = (id: string, position: Position, guarded: boolean): AnyBulkWriteOperation<StoredDoc> => ({
  deleteOne: { filter: target(id, position, guarded) },
});

/** Whether a stored guard value says a batch at or beyond `position` wrote the document. */
export const writtenAtOrAfter = (stored: Document, position: Position): boolean => {
  const at = stored[POSITION_FIELD];
  return typeof at === 'bigint' ? at >= position : typeof at === 'number' && at >= Number(position);
};

export type CheckpointDoc = { readonly _id: string; readonly position: bigint };

export const checkpointUpdate = (position: Position): UpdateFilter<CheckpointDoc> => ({ $set: { position } });

/** Stored as a Long; a hand-edited number is still read as a position. */
export const positionOfCheckpoint = (doc: { position?: unknown } | null): Position | null => {
  if (doc === null || doc.position === undefined || doc.position === null) return null;
  if (typeof doc.position === 'bigint') return doc.position;
  if (typeof doc.position === 'number' && Number.isSafeInteger(doc.position)) return BigInt(doc.position);
  throw new Error(`checkpoint holds ${String(doc.position)}, not a position`);
};

/** `fencedCommits`: how many fenced batches committed under it — written only so that a batch conflicts with a takeover. */
export type LeaseDoc = { readonly _id: string; readonly holder: string; readonly expiresAt: number; readonly fencedCommits?: number };

/**
 * Take or renew: matches when the caller holds the lease or it has expired; upserted when
 * nobody ever took it. A lease held by another, unexpired, does not match, and the upsert's
 * insert then collides on `_id` (11000): "held by another".
 */
export const leaseAcquire = (name: string, holder: string, ttlMs: number, now: number): { filter: MongoFilter<LeaseDoc>; update: UpdateFilter<LeaseDoc> } => ({
  filter: { _id: name, $or: [{ holder }, { expiresAt: { $lte: now } }] },
  update: { $set: { holder, expiresAt: now + ttlMs } },
});

/** The lease, held by `holder` and unexpired at `now` (as SQLite's fence checks it). */
export const leaseHeld = (name: string, holder: string, now: number): MongoFilter<LeaseDoc> => ({ _id: name, holder, expiresAt: { $gt: now } });

/** The fence of a batch in a transaction: a write to the lease document, matched only while it is held. */
export const leaseMark = (name: string, holder: string, now: number): { filter: MongoFilter<LeaseDoc>; update: UpdateFilter<LeaseDoc> } => ({
  filter: leaseHeld(name, holder, now),
  update: { $inc: { fencedCommits: 1 } },
});
