import { invalid } from '../../../domain/src/shared/errors';
import type { Doc, ProjectionWriter } from '../port';
import { jsonCopy } from '../sqlite/json-copy';
import { isReservedField } from './documents';
import { readModelCollection } from './names';

/** A buffered document: its new content, or null for a delete. */
export type PendingWrite = { readonly collection: string; readonly id: string; readonly doc: Doc | null };

type Entry = { readonly doc: Doc | null; readonly changed: boolean };

/**
 * Buffers one batch's writes in memory; nothing reaches MongoDB until the store writes
 * them all. Every document is held as the batch's own JSON copy: `put` copies (so a later
 * mutation by the projection changes nothing, and a value JSON cannot hold, or `undefined`
 * that BSON would store as null, is dealt with as JSON does), and `get` hands out copies.
 */
export class MongoBatchWriter implements ProjectionWriter {
  private readonly entries = new Map<string, Map<string, Entry>>();

  constructor(private readonly readStored: (collection: string, id: string) => Promise<Doc | null>) {}

  /** Reads this batch's own writes (and reads) first, so later events of a batch see earlier ones. */
  async get<T extends Doc>(collection: string, id: string): Promise<T | null> {
    const docs = this.bucket(collection);
    let entry = docs.get(id);
    if (entry === undefined) {
      const stored = await this.readStored(collection, id);
      entry = docs.get(id) ?? { doc: stored, changed: false }; // a put while reading wins
      docs.set(id, entry);
    }
    return entry.doc === null ? null : (jsonCopy(entry.doc) as T);
  }

  put(collection: string, doc: Doc): void {
    if (typeof doc?._id !== 'string' || doc._id === '') throw invalid('INVALID_DOCUMENT', `a document of ${collection} needs a non-empty string _id`);
    if (Object.keys(doc).some(isReservedField)) throw invalid('INVALID_DOCUMENT', `a document of ${collection} uses a field reserved by the read store`);
    this.bucket(collection).set(doc._id, { doc: jsonCopy(doc), changed: true });
  }

  delete(collection: string, id: string): void {
    this.bucket(collection).set(id, { doc: null, changed: true });
  }

  writes(): PendingWrite[] {
    const writes: PendingWrite[] = [];
    for (const [collection, docs] of this.entries) {
      for (const [id, entry] of docs) if (entry.changed) writes.push({ collection, id, doc: entry.doc });
    }
    return writes;
  }

  private bucket(collection: string): Map<string, Entry> {
    readModelCollection(collection); // reject a bad name at the call that used it
    let docs = this.entries.get(collection);
    if (!docs) this.entries.set(collection, (docs = new Map()));
    return docs;
  }
}
