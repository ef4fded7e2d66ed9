import type { ClientSession, Collection, Db, Document } from 'mongodb';
import type { Position } from '../../../eventstore/src/port';
import { LeaseLostError } from '../lease-lost';
import type { BatchFence, Doc, IndexSpec, Lease, ProjectionWriter, ReadCollection, ReadStore } from '../port';
import { assertIndexName } from '../sqlite/names';
import { MongoBatchWriter, type PendingWrite } from './batch-writer';
import type { MongoConnection } from './connection';
import {
  type CheckpointDoc, checkpointUpdate, deleteOperation, fromStored, type LeaseDoc, leaseAcquire, leaseHeld, leaseMark, POSITION_FIELD, positionOfCheckpoint, putOperation, type StoredDoc, writtenAtOrAfter,
} from './documents';
import { isDuplicateKey, isNamespaceNotFound, onlyDuplicateKeys } from './errors';
import { MongoReadCollection } from './mongo-collection';
import { CHECKPOINTS, LEASES, readModelCollection } from './names';

const NAMESPACE_EXISTS = 48;
/** The same keys under another name: that index serves the same queries. */
const INDEX_OPTIONS_CONFLICT = 85;
/** The same name over other keys: the projection's declaration changed, and it wins. */
const INDEX_KEY_SPECS_CONFLICT = 86;
const codeOf = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;
/**
 * A lease write gives up (and the round reports it) after a quarter of the lease time, or 1 s
 * if that is longer (server-side time only: server selection and a pooled connection come on
 * top): the round of renewals waits for its slowest write, and the next round, a third of the
 * lease time later, must still find the other leases valid.
 */
const leaseWriteMaxMs = (ttlMs: number): number => Math.max(1_000, Math.floor(ttlMs / 4));
const LEASE_RELEASE_MAX_MS = 5_000;

const byCollection = (writes: readonly PendingWrite[]): Map<string, PendingWrite[]> => {
  const groups = new Map<string, PendingWrite[]>();
  for (const write of writes) {
    const group = groups.get(write.collection);
    if (group) group.push(write);
    else groups.set(write.collection, [write]);
  }
  return groups;
};

const operation = (write: PendingWrite, position: Position, guarded: boolean) =>
  write.doc === null ? deleteOperation(write.id, position, guarded) : putOperation(write.doc, position, guarded);

/**
 * Read models as MongoDB collections, one per read model. Every document carries the
 * position of the batch that wrote it, and a write never replaces a newer one.
 *
 * On a replica set (or sharded cluster) a batch's writes and its checkpoint commit in one
 * transaction. On a standalone server they cannot: the writes go first, the checkpoint
 * after. A crash in between leaves documents ahead of the checkpoint, and the projector
 * then delivers those events again; that is harmless because projections are idempotent
 * per event (most documents keep the position of the last event they reflect and skip
 * events at or before it; the rest are set from the event alone, so applying the events
 * again in order ends in the same state), and the store's own guard refuses to put back an
 * older state.
 *
 * A fenced batch (a worker's, under a processor's lease) is committed only while its holder
 * has the lease unexpired. In a transaction, the check is a write to the lease document: a
 * takeover writes that document too, so the two cannot both commit — either the batch commits
 * first and the successor starts after it, or the batch sees the successor and aborts. Without
 * transactions the lease is read just before the writes, which leaves one round trip of window.
 */
export class MongoReadStore implements ReadStore {
  private readonly db: Db;
  private ownCollections: Promise<void> | null = null;

  constructor(
    private readonly connection: MongoConnection,
    /** Whether `close` closes the client too (false when the blob store shares it). */
    private readonly ownsConnection = false,
  ) {
    this.db = connection.db;
  }

  async ensureCollection(name: string, indexes: readonly IndexSpec[]): Promise<void> {
    const collection = readModelCollection(name);
    for (const index of indexes) assertIndexName(index.name);
    // The store's own collections too: the first batch writes its checkpoint inside a
    // transaction, where a MongoDB before 4.4, or a sharded cluster, refuses to create one.
    this.ownCollections ??= Promise.all([CHECKPOINTS, LEASES].map((own) => this.createIfMissing(own))).then(
      () => undefined,
      (error: unknown) => {
        this.ownCollections = null; // tried again by the next caller
        throw error;
      },
    );
    await this.ownCollections;
    await this.createIfMissing(collection);
    for (const index of indexes) await this.ensureIndex(collection, index);
  }

  /** Created up front, never implicitly inside a transaction. */
  private async createIfMissing(collection: string): Promise<void> {
    try {
      await this.db.createCollection(collection);
    } catch (error) {
      if (codeOf(error) !== NAMESPACE_EXISTS) throw error;
    }
  }

  collection<T extends Doc = Doc>(name: string): ReadCollection<T> {
    return new MongoReadCollection<T>(this.db.collection(readModelCollection(name)));
  }

  async applyBatch(checkpointName: string, position: Position, work: (writer: ProjectionWriter) => Promise<void>, fence?: BatchFence): Promise<void> {
    const writer = new MongoBatchWriter((collection, id) => this.readStored(collection, id));
    await work(writer); // a throw here leaves the database untouched: nothing was written yet
    const groups = byCollection(writer.writes());
    if (this.connection.transactions && (groups.size > 0 || fence)) return this.commitInTransaction(checkpointName, position, groups, fence);
    if (fence) await this.checkLease(fence);
    if (groups.size === 0) await this.checkpoints().updateOne({ _id: checkpointName }, checkpointUpdate(position), { upsert: true });
    else await this.commitGuarded(checkpointName, position, groups);
  }

  async getCheckpoint(name: string): Promise<Position | null> {
    return positionOfCheckpoint(await this.checkpoints().findOne({ _id: name }));
  }

  /**
   * Documents, not collections: the indexes stay for the rebuild that follows. Fenced, on a
   * replica set, in one transaction with the lease write, as a batch is (a late worker must not
   * empty the build its successor began); the resets made under a fence are of a generation
   * being begun, which holds nothing or little, so the transaction stays small.
   */
  async reset(checkpointName: string, collections: readonly string[], fence?: BatchFence): Promise<void> {
    // The checkpoint goes first: outside a transaction a reset stopped half way then leaves a
    // processor that starts again from zero, never a checkpoint over documents it no longer has.
    const resetIn = async (session?: ClientSession) => {
      await this.checkpoints().deleteOne({ _id: checkpointName }, { session });
      for (const name of collections) await this.db.collection(readModelCollection(name)).deleteMany({}, { session });
    };
    if (fence && this.connection.transactions) return this.inTransaction(resetIn, fence);
    if (fence) await this.checkLease(fence);
    await resetIn();
  }

  async dropCollection(name: string): Promise<void> {
    try {
      await this.db.dropCollection(readModelCollection(name));
    } catch (error) {
      if (!isNamespaceNotFound(error)) throw error;
    }
  }

  async tryAcquireLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const { filter, update } = leaseAcquire(name, holder, ttlMs, Date.now());
    try {
      // Bounded: a paused holder's open transaction has written the lease document, and a write
      // to it waits for that transaction to end (at most transactionLifetimeLimitSeconds).
      await this.leases().updateOne(filter, update, { upsert: true, maxTimeMS: leaseWriteMaxMs(ttlMs) });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false; // held by another, unexpired
      throw error;
    }
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.leases().deleteOne({ _id: name, holder }, { maxTimeMS: LEASE_RELEASE_MAX_MS });
  }

  async getLease(name: string): Promise<Lease | null> {
    const lease = await this.leases().findOne({ _id: name });
    return lease === null ? null : { name, holder: lease.holder, expiresAt: Number(lease.expiresAt) };
  }

  async close(): Promise<void> {
    if (this.ownsConnection) await this.connection.close();
  }

  private async ensureIndex(collection: string, index: IndexSpec): Promise<void> {
    if (index.fields.length === 0) throw new Error(`index ${index.name} of ${collection} has no fields`);
    // Ending with `_id`, as every find's order does, so the index alone yields a page in order.
    const fields = index.fields.some(([field]) => field === '_id') ? index.fields : [...index.fields, ['_id', 1] as const];
    const keys = new Map(fields.map(([field, direction]) => [field, direction]));
    const docs = this.db.collection(collection);
    try {
      await docs.createIndex(keys, { name: index.name });
    } catch (error) {
      if (codeOf(error) === INDEX_OPTIONS_CONFLICT) return;
      if (codeOf(error) !== INDEX_KEY_SPECS_CONFLICT) throw error;
      await docs.dropIndex(index.name);
      await docs.createIndex(keys, { name: index.name });
    }
  }

  private async readStored(collection: string, id: string): Promise<Doc | null> {
    const stored = await this.db.collection(collection).findOne({ _id: id } as Document, { projection: { [POSITION_FIELD]: 0 } });
    return stored === null ? null : fromStored(stored);
  }

  /** Writes first (each guarded), then the checkpoint: see the class comment for why a crash between is harmless. */
  private async commitGuarded(checkpointName: string, position: Position, groups: Map<string, PendingWrite[]>): Promise<void> {
    for (const [collection, writes] of groups) {
      try {
        await this.docs(collection).bulkWrite(writes.map((w) => operation(w, position, true)), { ordered: false });
      } catch (error) {
        if (!onlyDuplicateKeys(error)) throw error; // duplicates only: those documents were newer already
      }
    }
    await this.checkpoints().updateOne({ _id: checkpointName }, checkpointUpdate(position), { upsert: true });
  }

  /**
   * One transaction for the writes and the checkpoint. Positions are compared by reading
   * (in the transaction's snapshot) rather than by a guard that fails: a failed write aborts
   * a transaction. Errors propagate, so `withTransaction` retries transient ones and gives
   * up on the rest.
   */
  private async commitInTransaction(checkpointName: string, position: Position, groups: Map<string, PendingWrite[]>, fence?: BatchFence): Promise<void> {
    await this.inTransaction(async (session) => {
      for (const [collection, writes] of groups) await this.writeNewer(session, collection, writes, position);
      await this.checkpoints().updateOne({ _id: checkpointName }, checkpointUpdate(position), { upsert: true, session });
    }, fence);
  }

  /**
   * `work` in a transaction. Fenced, it first writes the lease document, matched only while
   * `fence` holds it unexpired: a takeover since the transaction's snapshot aborts it (a write
   * conflict, retried, which then sees the successor) before anything else is written.
   */
  private async inTransaction(work: (session: ClientSession) => Promise<void>, fence?: BatchFence): Promise<void> {
    const session = this.connection.client.startSession();
    try {
      await session.withTransaction(async () => {
        if (fence) {
          const { filter, update } = leaseMark(fence.lease, fence.holder, Date.now());
          const held = await this.leases().updateOne(filter, update, { session });
          if (held.matchedCount === 0) throw new LeaseLostError(fence.lease); // not transient: the transaction is aborted, not retried
        }
        await work(session);
      });
    } finally {
      await session.endSession();
    }
  }

  private async writeNewer(session: ClientSession, collection: string, writes: readonly PendingWrite[], position: Position): Promise<void> {
    const docs = this.docs(collection);
    const stored = await docs.find({ _id: { $in: writes.map((w) => w.id) } }, { projection: { [POSITION_FIELD]: 1 }, session }).toArray();
    const newer = new Set(stored.filter((d) => writtenAtOrAfter(d, position)).map((d) => d._id));
    const operations = writes.filter((w) => !newer.has(w.id)).map((w) => operation(w, position, false));
    if (operations.length > 0) await docs.bulkWrite(operations, { ordered: true, session });
  }

  private async checkLease(fence: BatchFence): Promise<void> {
    if ((await this.leases().findOne(leaseHeld(fence.lease, fence.holder, Date.now()), { projection: { _id: 1 } })) === null) throw new LeaseLostError(fence.lease);
  }

  private docs(collection: string): Collection<StoredDoc> {
    return this.db.collection<StoredDoc>(collection);
  }

  private checkpoints(): Collection<CheckpointDoc> {
    return this.db.collection<CheckpointDoc>(CHECKPOINTS);
  }

  private leases(): Collection<LeaseDoc> {
    return this.db.collection<LeaseDoc>(LEASES);
  }
}
