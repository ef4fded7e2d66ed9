import type { RecordedEvent } from '../../../eventstore/src/port';
import type { CommandContext } from '../../../domain/src/shared/event';
import { ruleViolated } from '../../../domain/src/shared/errors';

/**
 * A repeat (the same Idempotency-Key, caller and route) is answered with what the first request
 * did, so it must be that request: the same key with another body or query is a client's
 * mistake, refused rather than answered with an outcome it did not ask for. Events stored
 * without a request hash (before it was kept) cannot tell, and pass.
 */
export const requireSameRequest = (ctx: CommandContext, stored: readonly RecordedEvent[]): void =>
  requireSameHash(ctx, stored.find((r) => r.metadata.requestHash !== undefined)?.metadata.requestHash);

/** As `requireSameRequest`, against the hash of the first request kept elsewhere than in its events. */
export const requireSameHash = (ctx: CommandContext, firstHash: string | undefined): void => {
  if (ctx.requestHash !== undefined && firstHash !== undefined && firstHash !== ctx.requestHash && !ctx.sameRequestHashes?.includes(firstHash)) {
    throw ruleViolated('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was sent before with another request (body or query): a repeat must be the same request, and a new request needs a new key');
  }
};
