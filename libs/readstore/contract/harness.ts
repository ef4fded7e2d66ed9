import type { Doc, Filter, FindOptions, ReadStore } from '../src/port';

export type OpenReadStore = () => Promise<{ store: ReadStore; cleanup(): Promise<void> }>;

/** What every case group receives: the store of the running test. */
export type Harness = { readonly store: () => ReadStore };

let batchPosition = 0n;

/**
 * A position later than every batch so far, as the log's positions are: a store that guards
 * documents by position (MongoDB) rightly ignores a write older than the document's.
 */
export const nextPosition = (): bigint => (batchPosition += 1n);

/** Writes documents through the only write path the port has: a checkpointed batch. */
export const putDocs = async (store: ReadStore, collection: string, docs: readonly Doc[], checkpoint = 'contract-seed'): Promise<void> => {
  await store.applyBatch(checkpoint, nextPosition(), async (writer) => {
    for (const doc of docs) writer.put(collection, doc);
  });
};

export const idsOf = (docs: readonly Doc[]): string[] => docs.map((d) => d._id);

/** Follows `nextCursor` to the end; bounded so a cursor that never ends fails the test. */
export const walkPages = async (store: ReadStore, collection: string, filter: Filter, options: FindOptions): Promise<Doc[][]> => {
  const pages: Doc[][] = [];
  let cursor = options.cursor;
  for (let i = 0; i < 1000; i++) {
    const page = await store.collection(collection).find(filter, { ...options, cursor });
    pages.push(page.items);
    if (page.nextCursor === null) return pages;
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end after 1000 pages');
};
