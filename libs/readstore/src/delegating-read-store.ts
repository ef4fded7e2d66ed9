import type { Position } from '../../eventstore/src/port';
import type { BatchFence, Doc, IndexSpec, Lease, ProjectionWriter, ReadCollection, ReadStore } from './port';

/** Forwards everything to `inner`: a decorator overrides only what it changes. */
export class DelegatingReadStore implements ReadStore {
  constructor(protected readonly inner: ReadStore) {}

  ensureCollection(name: string, indexes: readonly IndexSpec[]): Promise<void> {
    return this.inner.ensureCollection(name, indexes);
  }
  collection<T extends Doc = Doc>(name: string): ReadCollection<T> {
    return this.inner.collection<T>(name);
  }
  applyBatch(checkpointName: string, position: Position, work: (writer: ProjectionWriter) => Promise<void>, fence?: BatchFence): Promise<void> {
    return this.inner.applyBatch(checkpointName, position, work, fence);
  }
  getCheckpoint(name: string): Promise<Position | null> {
    return this.inner.getCheckpoint(name);
  }
  reset(checkpointName: string, collections: readonly string[], fence?: BatchFence): Promise<void> {
    return this.inner.reset(checkpointName, collections, fence);
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
