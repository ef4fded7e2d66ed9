import { invalid } from '../../../domain/src/shared/errors';
import type { Doc, ProjectionWriter } from '../port';
import { jsonCopy } from './json-copy';
import { tableName } from './names';

/** A buffered document: its JSON text, or null for a delete. */
export type PendingWrite = { readonly collection: string; readonly id: string; readonly json: string | null };

/**
 * One document as this batch knows it: as JSON text (as read, or as put; null when missing
 * or deleted), or, once the batch has read it back, as the batch's own parsed copy, never
 * handed out.
 */
type Entry =
  | { readonly kind: 'text'; readonly json: string | null; readonly changed: boolean; readBack: boolean }
  | { readonly kind: 'parsed'; readonly doc: Doc };

/**
 * Buffers one batch's writes in memory; nothing touches the database until the store
 * commits them together with the checkpoint.
 *
 * `put` takes a copy at once, so a projection that mutates an object after putting it cannot
 * change what is written, and a value JSON cannot hold fails inside the batch (so nothing is
 * written) instead of at commit; each `get` hands out a fresh copy, so mutating what it
 * returns cannot change the batch either.
 *
 * The copies are chosen by cost. A document touched once in a batch (the usual case while
 * live) is parsed when read and serialized when put, as JSON text: a structural copy at put
 * would only add to the serialization the commit needs anyway. A document the batch reads
 * again (many events of one stream in a batch: catch-up, rebuilds) is parsed once more and
 * from its next put on kept parsed: each further get and put is a structural copy, cheaper
 * than the parse and the serialization it replaces, and it is serialized once, at commit.
 */
export class BatchWriter implements ProjectionWriter {
  private readonly entries = new Map<string, Map<string, Entry>>();
  /** Per collection, the ids the store had no document for when this batch read them. */
  private readonly readMissing = new Map<string, Set<string>>();

  constructor(private readonly readStored: (collection: string, id: string) => string | null) {}

  /** Reads this batch's own writes (and reads) first, so later events of a batch see earlier ones. */
  async get<T extends Doc>(collection: string, id: string): Promise<T | null> {
    const docs = this.entries.get(collection);
    const entry = docs?.get(id);
    if (entry === undefined) {
      const json = this.readStored(collection, id);
      (docs ?? this.bucket(collection)).set(id, { kind: 'text', json, changed: false, readBack: false });
      if (json === null) this.readMissing.set(collection, (this.readMissing.get(collection) ?? new Set()).add(id));
      return json === null ? null : (JSON.parse(json) as T);
    }
    if (entry.kind === 'parsed') return jsonCopy(entry.doc) as T;
    if (entry.json === null) return null;
    entry.readBack = true;
    return JSON.parse(entry.json) as T;
  }

  put(collection: string, doc: Doc): void {
    if (typeof doc?._id !== 'string' || doc._id === '') throw invalid('INVALID_DOCUMENT', `a document of ${collection} needs a non-empty string _id`);
    const docs = this.bucket(collection);
    const entry = docs.get(doc._id);
    docs.set(
      doc._id,
      entry !== undefined && (entry.kind === 'parsed' || entry.readBack)
        ? { kind: 'parsed', doc: jsonCopy(doc) }
        : { kind: 'text', json: JSON.stringify(doc), changed: true, readBack: false },
    );
  }

  delete(collection: string, id: string): void {
    this.bucket(collection).set(id, { kind: 'text', json: null, changed: true, readBack: false });
  }

  /** The changed documents; those kept parsed are serialized here. */
  writes(): PendingWrite[] {
    const writes: PendingWrite[] = [];
    for (const [collection, docs] of this.entries) {
      for (const [id, entry] of docs) {
        if (entry.kind === 'parsed') writes.push({ collection, id, json: JSON.stringify(entry.doc) });
        else if (entry.changed) writes.push({ collection, id, json: entry.json });
      }
    }
    return writes;
  }

  /**
   * Whether the store had no such document when this batch read it: a hint that a put will be
   * an insert (the usual case for a document a projection creates), never relied upon.
   */
  wasMissing(collection: string, id: string): boolean {
    return this.readMissing.get(collection)?.has(id) ?? false;
  }

  private bucket(collection: string): Map<string, Entry> {
    tableName(collection); // reject a bad name at the call that used it, not at commit
    let docs = this.entries.get(collection);
    if (!docs) this.entries.set(collection, (docs = new Map()));
    return docs;
  }
}
