import type { Position } from '../../../eventstore/src/port';
import { LeaseLostError } from '../../../readstore/src/lease-lost';
import { DelegatingReadStore } from '../../../readstore/src/delegating-read-store';
import type { BatchFence, ProjectionWriter, ReadStore } from '../../../readstore/src/port';

export { LeaseLostError };

/**
 * The read store as one processor's runner sees it: a batch runs and commits only while
 * `holds()` says this worker still has the processor's lease. It is checked before the batch
 * (a reactor appends follow-ups while applying) and again after it, just before the commit;
 * and the batch carries the lease as its fence, which the adapter checks again as it commits
 * (inside the transaction on SQLite and on a MongoDB replica set). Resets are fenced the same
 * way, drops by the check only (a drop is no transaction). Everything else passes through.
 */
export class FencedReadStore extends DelegatingReadStore {
  constructor(
    inner: ReadStore,
    private readonly processor: string,
    private readonly holder: string,
    private readonly holds: () => boolean,
  ) {
    super(inner);
  }

  override async applyBatch(checkpointName: string, position: Position, work: (writer: ProjectionWriter) => Promise<void>): Promise<void> {
    this.check();
    const fenced = async (writer: ProjectionWriter) => {
      await work(writer);
      this.check();
    };
    await this.inner.applyBatch(checkpointName, position, fenced, this.fence());
  }

  override async reset(checkpointName: string, collections: readonly string[]): Promise<void> {
    this.check();
    await this.inner.reset(checkpointName, collections, this.fence());
  }

  override async dropCollection(name: string): Promise<void> {
    this.check();
    await this.inner.dropCollection(name);
  }

  /** The shared store stays open: the worker closes it once. */
  override async close(): Promise<void> {}

  private fence(): BatchFence {
    return { lease: this.processor, holder: this.holder };
  }

  private check(): void {
    if (!this.holds()) throw new LeaseLostError(this.processor);
  }
}
