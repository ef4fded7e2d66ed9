import type { Doc, ProjectionWriter } from '../../libs/readstore/src/port';

/**
 * Refuses what a real read store could not keep as JSON (bigint, Date, undefined, NaN…),
 * naming the path, so a projection test fails where the SQLite or MongoDB store would
 * have stored something different from what the projection built.
 */
export const assertPlainJson = (value: unknown, path = '$'): void => {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path}: ${value} is not JSON`);
    return;
  }
  if (Array.isArray(value)) return value.forEach((v, i) => assertPlainJson(v, `${path}[${i}]`));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) assertPlainJson(v, `${path}.${k}`);
    return;
  }
  throw new Error(`${path}: ${typeof value === 'object' ? Object.prototype.toString.call(value) : typeof value} is not plain JSON`);
};

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * An in-memory read store with the batch semantics of the real ones: a batch reads its own
 * writes, every `get` hands out a copy, and the writes land only when the batch's work
 * resolves (a throw discards them all).
 */
export class MemoryReadStore {
  private readonly data = new Map<string, Map<string, Doc>>();

  async batch(work: (writer: ProjectionWriter) => Promise<void>): Promise<void> {
    const pending = new Map<string, Map<string, Doc | null>>();
    const bucket = (collection: string) => {
      let docs = pending.get(collection);
      if (!docs) pending.set(collection, (docs = new Map()));
      return docs;
    };
    const writer: ProjectionWriter = {
      get: async <T extends Doc>(collection: string, id: string): Promise<T | null> => {
        const buffered = pending.get(collection)?.get(id);
        const doc = buffered !== undefined ? buffered : (this.data.get(collection)?.get(id) ?? null);
        return doc === null ? null : (copy(doc) as T);
      },
      put: (collection, doc) => {
        assertPlainJson(doc);
        bucket(collection).set(doc._id, copy(doc));
      },
      delete: (collection, id) => void bucket(collection).set(id, null),
    };
    await work(writer);
    for (const [collection, docs] of pending) {
      const stored = this.data.get(collection) ?? new Map<string, Doc>();
      this.data.set(collection, stored);
      for (const [id, doc] of docs) (doc === null ? stored.delete(id) : stored.set(id, doc));
    }
  }

  /** Documents of one collection, ordered by `_id` (stable for comparisons). */
  docs<T extends Doc = Doc>(collection: string): T[] {
    return [...(this.data.get(collection)?.values() ?? [])].sort((a, b) => a._id.localeCompare(b._id)).map((d) => copy(d) as T);
  }

  get<T extends Doc = Doc>(collection: string, id: string): T | null {
    const doc = this.data.get(collection)?.get(id);
    return doc ? (copy(doc) as T) : null;
  }
}
