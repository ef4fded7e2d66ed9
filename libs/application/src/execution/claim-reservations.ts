import { Injectable } from '@nestjs/common';

/**
 * The jobs this process is claiming right now, so that concurrent claim-next calls spread
 * over the head of the queue instead of all racing for its first job (the effect of SKIP
 * LOCKED in a SQL queue). Only an optimisation: correctness is the job stream's expected
 * revision, which also settles races between API instances.
 */
@Injectable()
export class ClaimReservations {
  private readonly inFlight = new Set<string>();

  /** True when the job was free and is now reserved by the caller. */
  reserve(jobId: string): boolean {
    if (this.inFlight.has(jobId)) return false;
    this.inFlight.add(jobId);
    return true;
  }

  release(jobId: string): void {
    this.inFlight.delete(jobId);
  }
}
