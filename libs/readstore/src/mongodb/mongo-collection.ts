import type { Collection, Document } from 'mongodb';
import { pageLimit } from '../page-limit';
import type { Doc, Filter, FindOptions, FindResult, ReadCollection } from '../port';
import { cursorScope } from '../cursor-codec';
import { decodeCursor, encodeCursor } from './cursor';
import { fromStored, POSITION_FIELD } from './documents';
import { toMongoFilter } from './filter';
import { keysetAfter, keyValuesOf, mongoSort, sortKeys } from './sort';

/** The query of one page: the filter, and after a cursor the keyset condition too. */
export const pageQuery = (filter: Filter, options: FindOptions) => {
  const keys = sortKeys(options.sort);
  const limit = pageLimit(options.limit);
  const base = toMongoFilter(filter);
  // Worked out only where a cursor is read or made: most pages (a claim-next's, a Desk's) have neither.
  const scope = () => cursorScope(filter, options.sort);
  const query: Document = options.cursor === undefined ? base : { $and: [base, keysetAfter(keys, decodeCursor(options.cursor, scope(), keys.length))] };
  return { query, sort: mongoSort(keys), limit, keys, scope };
};

const WITHOUT_GUARD = { projection: { [POSITION_FIELD]: 0 } };

export class MongoReadCollection<T extends Doc> implements ReadCollection<T> {
  constructor(private readonly collection: Collection<Document>) {}

  async get(id: string): Promise<T | null> {
    const stored = await this.collection.findOne({ _id: id } as Document, WITHOUT_GUARD);
    return stored === null ? null : fromStored<T>(stored);
  }

  /** Asks for one item more than the page to learn whether another page exists. */
  async find(filter: Filter, options: FindOptions = {}): Promise<FindResult<T>> {
    const { query, sort, limit, keys, scope } = pageQuery(filter, options);
    const found = await this.collection.find(query, { ...WITHOUT_GUARD, sort, limit: limit + 1 }).toArray();
    const page = found.slice(0, limit).map((d) => fromStored<T>(d));
    const last = page[page.length - 1];
    return { items: page, nextCursor: found.length > limit ? encodeCursor(scope(), keyValuesOf(last, keys)) : null };
  }

  async count(filter: Filter): Promise<number> {
    return this.collection.countDocuments(toMongoFilter(filter));
  }
}
