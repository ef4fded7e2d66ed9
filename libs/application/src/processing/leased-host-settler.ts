import type { Position } from '../../../eventstore/src/port';
import type { ProcessorProgress, Settler } from '../commands/command-gateway';
import type { CheckpointSettler } from './checkpoint-settler';
import type { ProcessorHost } from './processor-host';
import type { ProcessorLeases } from './processor-leases';
import type { ProcessorStatus } from './processor-status';

/**
 * Read-your-writes for a process that runs processors itself (`serve --role all`): while it
 * holds every lease, its own runners tell it the moment a position is seen; when other
 * workers hold some, it waits on the stored checkpoints like an API-only process.
 */
export class LeasedHostSettler implements Settler {
  constructor(
    private readonly host: ProcessorHost,
    private readonly leases: ProcessorLeases,
    private readonly checkpoints: CheckpointSettler,
  ) {}

  settle(position: Position, timeoutMs: number, eventTypes?: readonly string[], followUps = true): Promise<boolean> {
    return this.leases.holdsAll()
      ? this.host.settle(position, timeoutMs, eventTypes, followUps)
      : this.checkpoints.settle(position, timeoutMs, eventTypes, followUps);
  }

  /** Only the processors this process runs now; the others are some other worker's to report. */
  status(): readonly ProcessorStatus[] {
    return this.host.status().filter((s) => this.leases.holds(s.name));
  }

  progress(): Promise<readonly ProcessorProgress[]> {
    return this.checkpoints.progress();
  }
}
