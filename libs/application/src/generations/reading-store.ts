import type { Position } from '../../../eventstore/src/port';
import type { Doc, Filter, FindOptions, FindResult, IndexSpec, Lease, ProjectionWriter, ReadCollection, ReadStore } from '../../../readstore/src/port';
import type { GenerationResolver } from './generation-resolver';

/** A collection whose physical name is resolved at each call: a switch takes effect between two reads. */
class ResolvedCollection<T extends Doc> implements ReadCollection<T> {
  constructor(private readonly store: ReadStore, private readonly resolver: GenerationResolver, private readonly name: string) {}
  private async target(): Promise<ReadCollection<T>> {
    return this.store.collection<T>(await this.resolver.physical(this.name));
  }
  async get(id: string): Promise<T | null> {
    return (await this.target()).get(id);
  }
  async find(filter: Filter, options?: FindOptions): Promise<FindResult<T>> {
    return (await this.target()).find(filter, options);
  }
  async count(filter: Filter): Promise<number> {
    return (await this.target()).count(filter);
  }
}

/**
 * The read store as queries see it: a projection's logical collection (`jobs`) reads the
 * active generation. Only reads are resolved; writes, checkpoints and leases pass through
 * (projections write through their runner's own generation view, never through this).
 */
export class ReadingStore implements ReadStore {
  constructor(private readonly inner: ReadStore, private readonly resolver: GenerationResolver) {}

  collection<T extends Doc = Doc>(name: string): ReadCollection<T> {
    return this.resolver.resolves(name) ? new ResolvedCollection<T>(this.inner, this.resolver, name) : this.inner.collection<T>(name);
  }
  ensureCollection(name: string, indexes: readonly IndexSpec[]): Promise<void> {
    return this.inner.ensureCollection(name, indexes);
  }
  applyBatch(checkpointName: string, position: Position, work: (writer: ProjectionWriter) => Promise<void>): Promise<void> {
    return this.inner.applyBatch(checkpointName, position, work);
  }
  getCheckpoint(name: string): Promise<Position | null> {
    return this.inner.getCheckpoint(name);
  }
  reset(checkpointName: string, collections: readonly string[]): Promise<void> {
    return this.inner.reset(checkpointName, collections);
  }
  dropCollection(name: string): Promise<void> {
    return this.inner.dropCollection(name);
  }
  tryAcquireLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    return this.inner.tryAcquireLease(name, holder, ttlMs);
  }
  releaseLease(name: string, holder: string): Promise<void> {
    return this.inner.releaseLease(name, holder);
  }
  getLease(name: string): Promise<Lease | null> {
    return this.inner.getLease(name);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
