import { Injectable } from '@nestjs/common';
import type { CommandContext } from '../../../domain/src/shared/event';
import { requireSameHash } from '../commands/same-request';

/**
 * The jobs this process is claiming right now, so that concurrent claim-next calls spread
 * over the head of the queue instead of all racing for its first job (the effect of SKIP
 * LOCKED in a SQL queue). That part is only an optimisation: correctness is the job stream's
 * expected revision, which also settles races between API instances. And the claims made
 * under an Idempotency-Key, so that repeats of one key claim one job (`claimOnce`).
 */
/** Claims remembered by command id: far more than a client's repeats can be apart. */
const REMEMBERED_CLAIMS = 1_000;

@Injectable()
export class ClaimReservations {
  private readonly inFlight = new Set<string>();
  private readonly claims = new Map<string, { readonly requestHash?: string; readonly call: Promise<unknown> }>();

  /** True when the job was free and is now reserved by the caller. */
  reserve(jobId: string): boolean {
    if (this.inFlight.has(jobId)) return false;
    this.inFlight.add(jobId);
    return true;
  }

  release(jobId: string): void {
    this.inFlight.delete(jobId);
  }

  /**
   * Calls of one command (an Idempotency-Key sent again while the first call runs, or before its
   * claim reached the read model, where a repeat finds it otherwise) get the first call's claim.
   * Run each on its own, they would pass over the job the other reserved and each claim one.
   * A call that claimed nothing, or failed, is not remembered: a repeat looks again, as before.
   * As with a repeat found in the stream, a call with another request under the key is refused.
   */
  claimOnce<T>(ctx: CommandContext, run: () => Promise<T | null>): Promise<T | null> {
    const { commandId } = ctx;
    const known = this.claims.get(commandId);
    if (known) {
      requireSameHash(ctx, known.requestHash);
      return known.call as Promise<T | null>;
    }
    const call = run().then(
      (claimed) => {
        if (claimed === null) this.claims.delete(commandId);
        return claimed;
      },
      (error: unknown) => {
        this.claims.delete(commandId);
        throw error;
      },
    );
    this.claims.set(commandId, { requestHash: ctx.requestHash, call });
    if (this.claims.size > REMEMBERED_CLAIMS) this.claims.delete(this.claims.keys().next().value as string);
    return call;
  }
}
