import type { Position } from '../../eventstore/src/port';

/** A read-model document: JSON with a string `_id`. */
export type Doc = { readonly _id: string; readonly [key: string]: unknown };

export type SortSpec = ReadonlyArray<readonly [field: string, direction: 1 | -1]>;

/**
 * A small, backend-neutral filter: equality on (dotted) fields, `$in`, ranges, and
 * membership in an array field. Enough for every list query of the API; each adapter
 * translates it (SQLite: json_extract; MongoDB: itself).
 */
export type FieldCondition =
  | string
  | number
  | boolean
  | null
  | { readonly $in: ReadonlyArray<string | number | boolean | null> } // null: missing or null, as equality
  | { readonly $ne: string | number | boolean | null }
  | { readonly $gt?: string | number; readonly $gte?: string | number; readonly $lt?: string | number; readonly $lte?: string | number }
  | { readonly $contains: string | number } // array field contains this element
  | { readonly $text: string }; // case-insensitive substring
export type Filter = { readonly [field: string]: FieldCondition };

export type FindOptions = {
  readonly sort?: SortSpec;
  readonly limit?: number;
  /** Opaque cursor from a previous page (the `nextCursor` of `FindResult`). */
  readonly cursor?: string;
};

export type FindResult<T extends Doc> = { readonly items: T[]; readonly nextCursor: string | null };

export type IndexSpec = { readonly name: string; readonly fields: SortSpec };

export interface ReadCollection<T extends Doc = Doc> {
  get(id: string): Promise<T | null>;
  find(filter: Filter, options?: FindOptions): Promise<FindResult<T>>;
  count(filter: Filter): Promise<number>;
}

/** The writes one projection batch makes; applied with the checkpoint, all or nothing. */
export interface ProjectionWriter {
  get<T extends Doc>(collection: string, id: string): Promise<T | null>;
  put(collection: string, doc: Doc): void;
  delete(collection: string, id: string): void;
}

export type Lease = { readonly name: string; readonly holder: string; readonly expiresAt: number };

/**
 * The lease a batch (or a reset) is written under: the adapter refuses it (`LeaseLostError`)
 * unless `holder` still holds `lease` unexpired. SQLite and a MongoDB replica set check it
 * atomically with the commit; a standalone MongoDB reads the lease just before writing, which
 * leaves one round trip of window beside the caller's own checks before and after the batch.
 */
export type BatchFence = { readonly lease: string; readonly holder: string };

export interface ReadStore {
  /** Create collections and the indexes a projection declares (idempotent). */
  ensureCollection(name: string, indexes: readonly IndexSpec[]): Promise<void>;
  collection<T extends Doc = Doc>(name: string): ReadCollection<T>;
  /**
   * Run one batch for a named checkpoint: `work` reads and buffers writes through the
   * writer; the writes and the new checkpoint are stored together (SQLite and a MongoDB
   * replica set: one transaction; a standalone MongoDB: a `lastPosition` guard on each
   * document, checkpoint after).
   */
  applyBatch(checkpointName: string, position: Position, work: (writer: ProjectionWriter) => Promise<void>, fence?: BatchFence): Promise<void>;
  getCheckpoint(name: string): Promise<Position | null>;
  /** Drop every document of these collections and the checkpoint (a rebuild from zero); fenced as a batch is. */
  reset(checkpointName: string, collections: readonly string[], fence?: BatchFence): Promise<void>;
  /** Remove a collection, its documents and its indexes; nothing when it does not exist. */
  dropCollection(name: string): Promise<void>;
  /**
   * Take or renew the named lease for `holder` until `ttlMs` from now. False while another
   * holder's lease has not expired: one active worker per projection, taken over when the
   * holder stops renewing. Expiry is judged by the caller's clock, so processes sharing a
   * lease need clocks closer together than the lease is long.
   */
  tryAcquireLease(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Give the lease up now if `holder` has it (a clean shutdown hands over at once). */
  releaseLease(name: string, holder: string): Promise<void>;
  /** Who holds the named lease and until when (epoch ms), or null when nobody ever took it. */
  getLease(name: string): Promise<Lease | null>;
  close(): Promise<void>;
}

export const READ_STORE = Symbol('READ_STORE');
