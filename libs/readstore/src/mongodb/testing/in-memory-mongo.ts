import type { Document } from 'mongodb';
import type { MongoConnection } from '../connection';
import { findIn, matches } from './query-semantics';

/*
 * Just enough of a MongoDB deployment, in memory, to drive the adapters' own logic
 * (batches, guards, checkpoints, leases, paging) through the contract without a server:
 * the query semantics of ./query-semantics, a unique `_id` per collection that fails an
 * insert with duplicate key 11000, and a bulk write that reports its write errors as the
 * driver does. Not atomic, so a "transaction" here only runs its callback once.
 */

type Sort = ReadonlyArray<readonly [string, 1 | -1]>;
type FindOptions = { projection?: Record<string, 0 | 1>; sort?: Sort; limit?: number };

const duplicateKey = (id: unknown) => Object.assign(new Error(`E11000 duplicate key { _id: ${String(id)} }`), { code: 11000 });

const project = (doc: Document, projection: Record<string, 0 | 1> = {}): Document => {
  const entries = Object.entries(projection);
  if (entries.length === 0) return structuredClone(doc);
  if (entries.every(([, v]) => v === 0)) return structuredClone(Object.fromEntries(Object.entries(doc).filter(([k]) => !(k in projection))));
  return structuredClone(Object.fromEntries(Object.entries(doc).filter(([k]) => k === '_id' || projection[k] === 1)));
};

/** What the driver's UpdateResult says about how many documents an update touched. */
type UpdateCounts = { matchedCount: number; modifiedCount: number; upsertedCount: number };

/** The `_id` an upsert inserts: the filter's top-level equality on it. */
const idOf = (filter: Document): unknown => filter._id;

class InMemoryCollection {
  readonly docs = new Map<unknown, Document>();
  readonly indexes = new Map<string, Document>();

  private matching(filter: Document): Document[] {
    return [...this.docs.values()].filter((d) => matches(d, filter));
  }

  async findOne(filter: Document, options: FindOptions = {}): Promise<Document | null> {
    const [first] = this.matching(filter);
    return first === undefined ? null : project(first, options.projection);
  }

  find(filter: Document, options: FindOptions = {}) {
    const found = findIn([...this.docs.values()], filter, options.sort ?? [], options.limit || Infinity).map((d) => project(d, options.projection));
    return { toArray: async () => found, next: async () => found[0] ?? null };
  }

  async countDocuments(filter: Document): Promise<number> {
    return this.matching(filter).length;
  }

  async updateOne(filter: Document, update: { $set?: Document; $inc?: Record<string, number> }, options: { upsert?: boolean } = {}): Promise<UpdateCounts> {
    const [target] = this.matching(filter);
    if (target !== undefined) {
      Object.assign(target, structuredClone(update.$set ?? {}));
      for (const [field, by] of Object.entries(update.$inc ?? {})) target[field] = (typeof target[field] === 'number' ? target[field] : 0) + by;
      return { matchedCount: 1, modifiedCount: 1, upsertedCount: 0 };
    }
    if (!options.upsert) return { matchedCount: 0, modifiedCount: 0, upsertedCount: 0 };
    if (this.docs.has(idOf(filter))) throw duplicateKey(idOf(filter));
    this.docs.set(idOf(filter), { _id: idOf(filter), ...structuredClone(update.$set ?? {}), ...update.$inc });
    return { matchedCount: 0, modifiedCount: 0, upsertedCount: 1 };
  }

  async replaceOne(filter: Document, replacement: Document, options: { upsert?: boolean } = {}): Promise<void> {
    const [target] = this.matching(filter);
    if (target !== undefined) return void this.docs.set(target._id, { ...structuredClone(replacement), _id: target._id });
    if (!options.upsert) return;
    const id = replacement._id ?? idOf(filter);
    if (this.docs.has(id)) throw duplicateKey(id);
    this.docs.set(id, { ...structuredClone(replacement), _id: id });
  }

  async deleteOne(filter: Document): Promise<void> {
    const [target] = this.matching(filter);
    if (target !== undefined) this.docs.delete(target._id);
  }

  async deleteMany(filter: Document): Promise<void> {
    for (const d of this.matching(filter)) this.docs.delete(d._id);
  }

  async bulkWrite(operations: Document[], options: { ordered?: boolean } = {}): Promise<void> {
    if (operations.length === 0) throw new Error('Invalid BulkOperation, Batch cannot be empty');
    const writeErrors: Document[] = [];
    for (const [index, op] of operations.entries()) {
      try {
        if (op.replaceOne) await this.replaceOne(op.replaceOne.filter, op.replaceOne.replacement, op.replaceOne);
        else if (op.deleteOne) await this.deleteOne(op.deleteOne.filter);
        else throw new Error(`bulk operation ${Object.keys(op)[0]} is not modelled`);
      } catch (error) {
        writeErrors.push({ index, code: (error as { code?: number }).code, errmsg: (error as Error).message });
        if (options.ordered !== false) break;
      }
    }
    if (writeErrors.length > 0) {
      throw Object.assign(new Error(writeErrors[0].errmsg), { code: writeErrors[0].code, writeErrors, result: { getWriteConcernError: () => undefined } });
    }
  }

  async createIndex(keys: Map<string, 1 | -1>, options: { name: string }): Promise<string> {
    const spec = Object.fromEntries(keys);
    const existing = this.indexes.get(options.name);
    if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(spec)) throw Object.assign(new Error('IndexKeySpecsConflict'), { code: 86 });
    this.indexes.set(options.name, spec);
    return options.name;
  }

  async dropIndex(name: string): Promise<void> {
    this.indexes.delete(name);
  }
}

/** A connection to an in-memory database; `transactions` picks which commit path the store takes. */
export const inMemoryMongo = (transactions: boolean): MongoConnection & { readonly collections: Map<string, InMemoryCollection> } => {
  const collections = new Map<string, InMemoryCollection>();
  const collection = (name: string): InMemoryCollection => {
    let c = collections.get(name);
    if (!c) collections.set(name, (c = new InMemoryCollection()));
    return c;
  };
  const db = {
    collection,
    createCollection: async (name: string) => {
      if (collections.has(name)) throw Object.assign(new Error('NamespaceExists'), { code: 48 });
      return collection(name);
    },
    dropCollection: async (name: string) => collections.delete(name),
  };
  const client = {
    startSession: () => ({ withTransaction: async <T>(fn: () => Promise<T>) => fn(), endSession: async () => undefined }),
    close: async () => undefined,
  };
  return { client, db, transactions, close: async () => undefined, collections } as unknown as MongoConnection & { collections: Map<string, InMemoryCollection> };
};
