import type { Position } from '../../../eventstore/src/port';
import { LeaseLostError } from '../../../readstore/src/lease-lost';
import type { Doc, IndexSpec, Lease, ProjectionWriter, ReadCollection, ReadStore } from '../../../readstore/src/port';

export { LeaseLostError };

/**
 * The read store as one processor's runner sees it: a batch runs and commits only while
 * `holds()` says this worker still has the processor's lease. It is checked before the batch
 * (a reactor appends follow-ups while applying) and again after it, just before the commit;
 * and the batch carries the lease as its fence, which an adapter that can (SQLite) checks
 * inside the commit's transaction. Everything else passes through.
 */
export class FencedReadStore implements ReadStore {
  constructor(
    private readonly inner: ReadStore,
    private readonly processor: string,
    private readonly holder: string,
    private readonly holds: () => boolean,
  ) {}

  async applyBatch(checkpointName: string, position: Position, work: (writer: ProjectionWriter) => Promise<void>): Promise<void> {
    this.check();
    const fenced = async (writer: ProjectionWriter) => {
      await work(writer);
      this.check();
    };
    await this.inner.applyBatch(checkpointName, position, fenced, { lease: this.processor, holder: this.holder });
  }

  ensureCollection(name: string, indexes: readonly IndexSpec[]): Promise<void> {
    return this.inner.ensureCollection(name, indexes);
  }

  collection<T extends Doc = Doc>(name: string): ReadCollection<T> {
    return this.inner.collection<T>(name);
  }

  getCheckpoint(name: string): Promise<Position | null> {
    return this.inner.getCheckpoint(name);
  }

  reset(checkpointName: string, collections: readonly string[]): Promise<void> {
    this.check();
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

  /** The shared store stays open: the worker closes it once. */
  async close(): Promise<void> {}

  private check(): void {
    if (!this.holds()) throw new LeaseLostError(this.processor);
  }
}
