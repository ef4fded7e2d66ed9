import { invalid } from '../../../domain/src/shared/errors';
import type { Doc, ProjectionWriter } from '../port';
import { tableName } from './names';

/** A buffered document: its JSON text, or null for a delete. */
export type PendingWrite = { readonly collection: string; readonly id: string; readonly json: string | null };

/**
 * Buffers one batch's writes in memory; nothing touches the database until the store
 * commits them together with the checkpoint. Documents are kept as JSON text, taken at
 * `put` time: a projection that mutates an object after putting it cannot change what is
 * written, each `get` hands out a fresh copy, and a value JSON cannot hold fails inside
 * the batch (so nothing is written) instead of at commit.
 */
export class BatchWriter implements ProjectionWriter {
  private readonly pending = new Map<string, Map<string, string | null>>();

  constructor(private readonly readStored: (collection: string, id: string) => string | null) {}

  /** Reads this batch's own writes first, so later events of a batch see earlier ones. */
  async get<T extends Doc>(collection: string, id: string): Promise<T | null> {
    const buffered = this.pending.get(collection)?.get(id);
    const json = buffered !== undefined ? buffered : this.readStored(collection, id);
    return json === null ? null : (JSON.parse(json) as T);
  }

  put(collection: string, doc: Doc): void {
    if (typeof doc?._id !== 'string' || doc._id === '') throw invalid('INVALID_DOCUMENT', `a document of ${collection} needs a non-empty string _id`);
    this.bucket(collection).set(doc._id, JSON.stringify(doc));
  }

  delete(collection: string, id: string): void {
    this.bucket(collection).set(id, null);
  }

  writes(): PendingWrite[] {
    return [...this.pending].flatMap(([collection, docs]) => [...docs].map(([id, json]) => ({ collection, id, json })));
  }

  private bucket(collection: string): Map<string, string | null> {
    tableName(collection); // reject a bad name at the call that used it, not at commit
    let docs = this.pending.get(collection);
    if (!docs) this.pending.set(collection, (docs = new Map()));
    return docs;
  }
}
