import type { Doc } from '../../libs/readstore/src/port';
import type { RecordedEvent } from '../../libs/eventstore/src/port';
import type { Projection } from '../projection';
import { MemoryReadStore } from './memory-store';

export type Projected = Map<string, Doc[]>;

/**
 * Runs events through a projection the way the projector does — in order, only the types
 * it declares, one batch per event — and returns its collections' documents.
 * Pass `store` to continue from earlier documents (e.g. to apply the same events twice).
 */
export const project = async (
  projection: Projection,
  events: readonly RecordedEvent[],
  store: MemoryReadStore = new MemoryReadStore(),
): Promise<Projected> => {
  const types = new Set(projection.eventTypes);
  for (const event of events) {
    if (types.has(event.type)) await store.batch((writer) => projection.apply(event, writer));
  }
  return new Map(projection.collections.map((c) => [c.name, store.docs(c.name)]));
};

/** One document of a projected collection, or undefined. */
export const docOf = <T extends Doc = Doc>(projected: Projected, collection: string, id: string): T | undefined =>
  projected.get(collection)?.find((d) => d._id === id) as T | undefined;
