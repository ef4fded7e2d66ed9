import type Database from 'better-sqlite3';
import type { Position } from '../../../eventstore/src/port';
import { LeaseLostError } from '../lease-lost';
import type { BatchFence, Doc, IndexSpec, Lease, ProjectionWriter, ReadCollection, ReadStore } from '../port';
import { WalCheckpointer } from '../../../sqlite/src/wal-checkpointer';
import { BatchWriter, type PendingWrite } from './batch-writer';
import { openDatabase, type SqliteReadStoreOptions } from './connection';
import { DocCache } from './doc-cache';
import { DocWrites } from './doc-writes';
import type { KeyColumns } from './key-columns';
import { SqliteCollection } from './sqlite-collection';
import { Statements } from './statements';
import { Tables } from './tables';

/**
 * Read models as JSON documents in SQLite, one `rm_<collection>` table each. A batch's
 * documents and its checkpoint are written in one transaction, so after a crash the
 * checkpoint never claims an event whose effects are missing, nor the reverse.
 */
export class SqliteReadStore implements ReadStore {
  private readonly statements: Statements;
  private readonly tables: Tables;
  private readonly docs: DocWrites;
  private readonly cache: DocCache;

  private constructor(
    private readonly db: Database.Database,
    private readonly checkpointer: WalCheckpointer | null,
  ) {
    this.statements = new Statements(db);
    this.tables = new Tables(db);
    this.docs = new DocWrites(this.statements);
    this.cache = new DocCache(db);
  }

  /** Opens (creating if needed) the file in WAL mode. Synchronous: better-sqlite3 is. */
  static open(options: SqliteReadStoreOptions): SqliteReadStore {
    const intervalMs = options.walCheckpointMs ?? 0;
    if (!Number.isInteger(intervalMs) || intervalMs < 0) throw new RangeError(`walCheckpointMs must be an integer ≥ 0, got ${intervalMs}`);
    const db = openDatabase(options);
    try {
      const checkpointer =
        intervalMs > 0 && (options.walCheckpointThread ?? true) && options.file !== ':memory:'
          ? new WalCheckpointer({ file: options.file, synchronous: options.synchronous ?? 'normal', intervalMs })
          : null;
      return new SqliteReadStore(db, checkpointer);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async ensureCollection(name: string, indexes: readonly IndexSpec[]): Promise<void> {
    this.tables.ensure(name);
    for (const index of indexes) this.tables.ensureIndex(name, index);
    this.tables.healKeyColumns(name);
  }

  collection<T extends Doc = Doc>(name: string): ReadCollection<T> {
    this.tables.ensure(name); // validates the name now rather than at the first query
    return new SqliteCollection<T>(this.statements, () => this.tables.ensure(name), () => this.tables.keyColumns(name));
  }

  async applyBatch(checkpointName: string, position: Position, work: (writer: ProjectionWriter) => Promise<void>, fence?: BatchFence): Promise<void> {
    this.cache.validate();
    const writer = new BatchWriter(
      (collection, id) => this.storedJson(collection, id),
      (collection) => this.tables.keyColumns(collection),
    );
    await work(writer); // a throw here leaves the database untouched: nothing was written yet
    const writes = writer.writes();
    for (const collection of new Set(writes.map((w) => w.collection))) this.tables.ensure(collection);
    // IMMEDIATE: the fence and the key columns are read under the write lock, so neither a
    // successor nor another connection's schema change can come between them and the writes.
    this.db
      .transaction(() => {
        if (fence) this.checkFence(fence);
        // The batch's own view of which key values changed holds only if no other connection
        // committed since the cache was validated (asked once, under the write lock).
        const othersWrote = this.cache.othersCommitted();
        const keys = new Map<string, KeyColumns>();
        for (const write of writes) {
          let known = keys.get(write.collection);
          if (known === undefined) keys.set(write.collection, (known = this.tables.keyColumns(write.collection)));
          this.write(write, known, writer, othersWrote);
        }
        this.saveCheckpoint(checkpointName, position);
      })
      .immediate();
    for (const { collection, id, json } of writes) this.cache.set(collection, id, json);
  }

  async getCheckpoint(name: string): Promise<Position | null> {
    const row = this.statements.get<{ position: bigint }>('SELECT position FROM checkpoints WHERE name = ?').safeIntegers(true).get(name);
    return row ? row.position : null;
  }

  async reset(checkpointName: string, collections: readonly string[], fence?: BatchFence): Promise<void> {
    const tables = collections.map((c) => this.tables.ensure(c));
    this.cache.clear();
    // IMMEDIATE for the same reason as a batch: the fence is read under the write lock.
    this.db
      .transaction(() => {
        if (fence) this.checkFence(fence);
        for (const table of tables) this.statements.get(`DELETE FROM ${table}`).run();
        this.statements.get('DELETE FROM checkpoints WHERE name = ?').run(checkpointName);
      })
      .immediate();
  }

  async dropCollection(name: string): Promise<void> {
    this.cache.clear();
    this.tables.drop(name);
  }

  async tryAcquireLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    // One statement, so the check and the take are atomic across processes sharing the file.
    const { changes } = this.statements
      .get(
        `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE leases.holder = excluded.holder OR leases.expires_at <= ?`,
      )
      .run(name, holder, now + ttlMs, now);
    return changes === 1;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    this.statements.get('DELETE FROM leases WHERE name = ? AND holder = ?').run(name, holder);
  }

  async getLease(name: string): Promise<Lease | null> {
    const row = this.statements.get<{ holder: string; expires_at: number }>('SELECT holder, expires_at FROM leases WHERE name = ?').get(name);
    return row ? { name, holder: row.holder, expiresAt: row.expires_at } : null;
  }

  async close(): Promise<void> {
    await this.checkpointer?.close();
    if (this.db.open) this.db.close();
  }

  private checkFence({ lease, holder }: BatchFence): void {
    const row = this.statements.get<{ holder: string; expires_at: number }>('SELECT holder, expires_at FROM leases WHERE name = ?').get(lease);
    if (!row || row.holder !== holder || row.expires_at <= Date.now()) throw new LeaseLostError(lease);
  }

  private storedJson(collection: string, id: string): string | null {
    const cached = this.cache.get(collection, id);
    if (cached !== undefined) return cached;
    const row = this.statements.get<{ doc: string }>(`SELECT doc FROM ${this.tables.ensure(collection)} WHERE id = ?`).get(id);
    const json = row ? row.doc : null;
    this.cache.set(collection, id, json);
    return json;
  }

  private write({ collection, id, json, keyChanges }: PendingWrite, keys: KeyColumns, batch: BatchWriter, othersWrote: boolean): void {
    const table = this.tables.ensure(collection);
    if (json === null) return this.docs.delete(table, id);
    // Trusted only if the document is still the one the batch read: no other connection wrote
    // since (othersWrote), nor another batch of this one (the cache keeps what each commit wrote,
    // and forgets on reset or drop), and the key columns are the ones it went by.
    const known = keyChanges && !othersWrote && keyChanges.keys === keys && this.cache.get(collection, id) === keyChanges.read ? keyChanges.changed : null;
    this.docs.upsert(table, keys, id, json, batch.wasMissing(collection, id), known);
  }

  private saveCheckpoint(name: string, position: Position): void {
    this.statements
      .get('INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position')
      .run(name, position);
  }
}
