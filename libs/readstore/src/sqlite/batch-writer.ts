import { invalid } from '../../../domain/src/shared/errors';
import type { Doc, ProjectionWriter } from '../port';
import { jsonCopy } from './json-copy';
import type { KeyColumns } from './key-columns';
import { changedKeys, keyValuesOf } from './key-values';
import { tableName } from './names';

/**
 * A buffered document: its JSON text, or null for a delete. `keyChanges`, when the batch read
 * the document from the store before replacing it: the text it read, the key columns it went
 * by, and per key field (in their order) whether the value differs from the one it read.
 */
export type PendingWrite = { readonly collection: string; readonly id: string; readonly json: string | null; readonly keyChanges?: KeyChanges };
export type KeyChanges = { readonly read: string; readonly keys: KeyColumns; readonly changed: readonly boolean[] };

/** A document as the store held it when this batch read it: its text and its key values. */
type AsRead = { readonly json: string; readonly keys: KeyColumns; readonly values: readonly unknown[] };

/**
 * One document as this batch knows it: as JSON text (as read, or as put; null when missing
 * or deleted), or, once the batch has read it back, as the batch's own parsed copy, never
 * handed out.
 */
type Entry =
  | { readonly kind: 'text'; readonly json: string | null; readonly changed: boolean; readBack: boolean; readonly asRead?: AsRead; readonly values?: readonly unknown[] }
  | { readonly kind: 'parsed'; readonly doc: Doc; readonly asRead?: AsRead };

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
 *
 * A document read from the store and then replaced carries which of its key fields changed
 * (key-values.ts), from the values taken when it was parsed for the get and when it was put:
 * the store then need not ask SQLite which key columns differ (doc-writes.ts), if nothing else
 * wrote the document in between (the store checks that at commit).
 */
export class BatchWriter implements ProjectionWriter {
  private readonly entries = new Map<string, Map<string, Entry>>();
  /** Per collection, the ids the store had no document for when this batch read them. */
  private readonly readMissing = new Map<string, Set<string>>();

  /** Per collection, the key columns this batch goes by (asked once per batch). */
  private readonly keys = new Map<string, KeyColumns>();

  constructor(
    private readonly readStored: (collection: string, id: string) => string | null,
    private readonly keyColumns?: (collection: string) => KeyColumns,
  ) {}

  /** Reads this batch's own writes (and reads) first, so later events of a batch see earlier ones. */
  async get<T extends Doc>(collection: string, id: string): Promise<T | null> {
    const docs = this.entries.get(collection);
    const entry = docs?.get(id);
    if (entry === undefined) {
      const json = this.readStored(collection, id);
      if (json === null) {
        (docs ?? this.bucket(collection)).set(id, { kind: 'text', json, changed: false, readBack: false });
        this.readMissing.set(collection, (this.readMissing.get(collection) ?? new Set()).add(id));
        return null;
      }
      const doc = JSON.parse(json) as T;
      const keys = this.keysOf(collection);
      const asRead = keys && keys.size > 0 ? { json, keys, values: keyValuesOf(doc, keys) } : undefined;
      (docs ?? this.bucket(collection)).set(id, { kind: 'text', json, changed: false, readBack: false, asRead });
      return doc;
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
    const asRead = entry?.asRead;
    docs.set(
      doc._id,
      entry !== undefined && (entry.kind === 'parsed' || entry.readBack)
        ? { kind: 'parsed', doc: jsonCopy(doc), asRead }
        : { kind: 'text', json: JSON.stringify(doc), changed: true, readBack: false, asRead, values: asRead && keyValuesOf(doc, asRead.keys) },
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
        if (entry.kind === 'parsed') {
          const { asRead } = entry;
          const keyChanges = asRead && { read: asRead.json, keys: asRead.keys, changed: changedKeys(asRead.values, keyValuesOf(entry.doc, asRead.keys)) };
          writes.push({ collection, id, json: JSON.stringify(entry.doc), keyChanges });
        } else if (entry.changed) {
          const { asRead, values } = entry;
          const keyChanges = asRead && values && entry.json !== null ? { read: asRead.json, keys: asRead.keys, changed: changedKeys(asRead.values, values) } : undefined;
          writes.push({ collection, id, json: entry.json, keyChanges });
        }
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

  private keysOf(collection: string): KeyColumns | undefined {
    if (!this.keyColumns) return undefined;
    let keys = this.keys.get(collection);
    if (keys === undefined) this.keys.set(collection, (keys = this.keyColumns(collection)));
    return keys;
  }

  private bucket(collection: string): Map<string, Entry> {
    tableName(collection); // reject a bad name at the call that used it, not at commit
    let docs = this.entries.get(collection);
    if (!docs) this.entries.set(collection, (docs = new Map()));
    return docs;
  }
}
