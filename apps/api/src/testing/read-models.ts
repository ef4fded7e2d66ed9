import { resolverFor } from '../../../../libs/application/src/generations/generation-resolver';
import { ReadingStore } from '../../../../libs/application/src/generations/reading-store';
import type { ReadStore } from '../../../../libs/readstore/src/port';
import { ALL_PROJECTIONS } from '../../../../projections';

/** Every document of these collections, in `_id` order. */
export const dump = async (store: ReadStore, collections: readonly string[]): Promise<Record<string, unknown[]>> => {
  const out: Record<string, unknown[]> = {};
  for (const name of collections) {
    const docs: unknown[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.collection(name).find({}, { sort: [['_id', 1]], limit: 500, cursor });
      docs.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    out[name] = docs;
  }
  return out;
};

/** Every projection's documents as readers see them (the active generation of each). */
export const dumpReadModels = (store: ReadStore): Promise<Record<string, unknown[]>> =>
  dump(new ReadingStore(store, resolverFor(store)), ALL_PROJECTIONS.flatMap((p) => p.collections.map((c) => c.name)));

export const until = async (check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};
