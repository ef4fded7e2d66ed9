import type { ReadStore } from '../../../readstore/src/port';
import { ALL_PROJECTIONS } from '../../../../projections';
import type { Projection } from '../../../../projections/projection';
import type { GenerationDoc } from './documents';
import { loadGenerations } from './generation-store';
import { collectionOwners, FIRST_GENERATION, physicalName } from './naming';

export const DEFAULT_GENERATION_CACHE_MS = 1000;

export type GenerationResolverOptions = {
  /** How long a process trusts what it read of the active generations before reading again. */
  readonly cacheMs?: number;
  readonly now?: () => number;
  readonly projections?: readonly Projection[];
};

/**
 * Logical collection → the physical collection of its projection's active generation.
 * Readers ask on every query, so the answer is cached: a switch made in this process is
 * visible at once (the worker tells the resolver), one made by another process within
 * `cacheMs` (the next read of the generations documents).
 */
export class GenerationResolver {
  private readonly owners: ReadonlyMap<string, string>;
  private readonly cacheMs: number;
  private readonly now: () => number;
  private active = new Map<string, number>();
  private loadedAt = -Infinity;
  private loading: Promise<void> | null = null;

  /** `load` reads every projection's generation document (see `resolverFor`). */
  constructor(private readonly load: () => Promise<ReadonlyArray<Pick<GenerationDoc, '_id' | 'active'>>>, options: GenerationResolverOptions = {}) {
    this.owners = collectionOwners(options.projections ?? ALL_PROJECTIONS);
    this.cacheMs = options.cacheMs ?? DEFAULT_GENERATION_CACHE_MS;
    this.now = options.now ?? Date.now;
  }

  /** Whether this name is a projection's logical collection (and so resolved by generation). */
  resolves(collection: string): boolean {
    return this.owners.has(collection);
  }

  async physical(collection: string): Promise<string> {
    const owner = this.owners.get(collection);
    if (owner === undefined) return collection;
    if (this.now() - this.loadedAt >= this.cacheMs) await this.refresh();
    return physicalName(collection, this.active.get(owner) ?? FIRST_GENERATION);
  }

  /** A switch made in this process: effective now, without waiting for the cache to expire. */
  switched(projection: string, generation: number): void {
    this.active.set(projection, generation);
  }

  private refresh(): Promise<void> {
    // Concurrent readers share one read of the generations documents.
    this.loading ??= this.load()
      .then((docs) => {
        const next = new Map(this.active);
        // Generations only grow: a read that started before a local switch cannot undo it.
        for (const doc of docs) next.set(doc._id, Math.max(doc.active, next.get(doc._id) ?? FIRST_GENERATION));
        this.active = next;
        this.loadedAt = this.now();
      })
      .finally(() => (this.loading = null));
    return this.loading;
  }
}

const resolvers = new WeakMap<ReadStore, GenerationResolver>();

/**
 * One resolver per read store: the worker and the API of one process share a store
 * object, hence a resolver, so the worker's switch reaches the API's readers at once.
 */
export const resolverFor = (store: ReadStore, options?: GenerationResolverOptions): GenerationResolver => {
  let resolver = resolvers.get(store);
  if (!resolver) resolvers.set(store, (resolver = new GenerationResolver(() => loadGenerations(store), options)));
  return resolver;
};

/** What a rebuild's switch is told to, for the readers of `store` in this thread (see `switched`). */
export const switchReadersOf =
  (store: ReadStore, cacheMs: number) =>
  (projection: string, generation: number): void =>
    resolverFor(store, { cacheMs }).switched(projection, generation);
