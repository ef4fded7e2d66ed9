import type { Position } from '../../../eventstore/src/port';
import { DelegatingReadStore } from '../../../readstore/src/delegating-read-store';
import type { ProjectionWriter, ReadStore } from '../../../readstore/src/port';

/** A batch was refused because this worker no longer holds the processor's lease. */
export class LeaseLostError extends Error {
  constructor(readonly processor: string) {
    super(`the lease on ${processor} is no longer held by this worker: batch not committed`);
    this.name = 'LeaseLostError';
  }
}

/**
 * The read store as one processor's runner sees it: a batch runs and commits only while
 * `holds()` says this worker still has the processor's lease. It is checked before the batch
 * (a reactor appends follow-ups while applying) and again after it, just before the commit.
 * Everything else passes through.
 */
export class FencedReadStore extends DelegatingReadStore {
  constructor(
    inner: ReadStore,
    private readonly processor: string,
    private readonly holds: () => boolean,
  ) {
    super(inner);
  }

  override async applyBatch(checkpointName: string, position: Position, work: (writer: ProjectionWriter) => Promise<void>): Promise<void> {
    this.check();
    await this.inner.applyBatch(checkpointName, position, async (writer) => {
      await work(writer);
      this.check();
    });
  }

  override reset(checkpointName: string, collections: readonly string[]): Promise<void> {
    this.check();
    return this.inner.reset(checkpointName, collections);
  }

  /** The shared store stays open: the worker closes it once. */
  override async close(): Promise<void> {}

  private check(): void {
    if (!this.holds()) throw new LeaseLostError(this.processor);
  }
}
