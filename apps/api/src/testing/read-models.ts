import { resolverFor } from '../../../../libs/application/src/generations/generation-resolver';
import { ReadingStore } from '../../../../libs/application/src/generations/reading-store';
import { ProcessorRunner } from '../../../../libs/application/src/processing/processor-runner';
import type { EventStore, Position } from '../../../../libs/eventstore/src/port';
import type { ReadStore } from '../../../../libs/readstore/src/port';
import { tempReadStore } from '../../../../libs/readstore/src/sqlite/testing/temp-read-store';
import { ALL_PROJECTIONS, type Projection } from '../../../../projections';

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

/** What a from-zero run of a projection up to `head` produces, in a read store of its own. */
export const projectFromZero = async (eventStore: EventStore, projection: Projection, head: Position): Promise<Record<string, unknown[]>> => {
  const { store, cleanup } = tempReadStore();
  try {
    const runner = new ProcessorRunner({ processor: projection, eventStore, readStore: store });
    await runner.start();
    const reached = await runner.waitFor(head, 30_000);
    await runner.stop();
    if (!reached) throw new Error(`${projection.name} did not reach ${head} from zero`);
    return await dump(store, projection.collections.map((c) => c.name));
  } finally {
    await cleanup();
  }
};

/** Every projection from zero, as `dumpReadModels` shows the live ones. */
export const allFromZero = async (eventStore: EventStore, head: Position): Promise<Record<string, unknown[]>> => {
  const out: Record<string, unknown[]> = {};
  for (const projection of ALL_PROJECTIONS) Object.assign(out, await projectFromZero(eventStore, projection, head));
  return out;
};
