import type { Doc, Filter, FindOptions, FindResult, ReadCollection, ReadStore } from '../../../readstore/src/port';
import { DelegatingReadStore } from '../../../readstore/src/delegating-read-store';
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
export class ReadingStore extends DelegatingReadStore {
  constructor(inner: ReadStore, private readonly resolver: GenerationResolver) {
    super(inner);
  }

  override collection<T extends Doc = Doc>(name: string): ReadCollection<T> {
    return this.resolver.resolves(name) ? new ResolvedCollection<T>(this.inner, this.resolver, name) : this.inner.collection<T>(name);
  }
}
