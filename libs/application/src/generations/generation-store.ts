import type { Doc, ReadStore } from '../../../readstore/src/port';
import { GENERATIONS, initialGeneration, REBUILD_REQUESTS, type GenerationDoc, type RebuildRequestDoc } from './documents';

/**
 * The port's only write path is a checkpointed batch, so each operations document is written
 * as a batch of its own under a checkpoint named after it, at its own revision: the revision
 * only grows, which is what a store that guards documents by position (MongoDB) needs.
 */
export const saveRevisioned = async <T extends Doc & { readonly revision: number }>(store: ReadStore, collection: string, doc: T): Promise<T> => {
  await store.applyBatch(`${collection}:${doc._id}`, BigInt(doc.revision), async (writer) => writer.put(collection, doc));
  return doc;
};

export const loadGeneration = async (store: ReadStore, name: string): Promise<GenerationDoc> =>
  (await store.collection<GenerationDoc>(GENERATIONS).get(name)) ?? initialGeneration(name);

export const loadGenerations = async (store: ReadStore): Promise<GenerationDoc[]> =>
  (await store.collection<GenerationDoc>(GENERATIONS).find({}, { limit: 1000 })).items;

/** Writes the next revision of `doc` (whose `revision` is the one it was read at). */
export const saveGeneration = (store: ReadStore, doc: GenerationDoc): Promise<GenerationDoc> =>
  saveRevisioned<GenerationDoc>(store, GENERATIONS, { ...doc, revision: doc.revision + 1 });

export const loadRebuildRequest = (store: ReadStore, name: string): Promise<RebuildRequestDoc | null> =>
  store.collection<RebuildRequestDoc>(REBUILD_REQUESTS).get(name);

export const saveRebuildRequest = async (store: ReadStore, name: string, request: { requestId: string; requestedAt: string; requestedBy: string }): Promise<RebuildRequestDoc> => {
  const previous = await loadRebuildRequest(store, name);
  return saveRevisioned(store, REBUILD_REQUESTS, { _id: name, revision: (previous?.revision ?? 0) + 1, ...request });
};
