import { DomainError } from '../../../domain/src/shared/errors';

/**
 * Both the store's `ConcurrencyError` and the conflict `executeCommand` throws once its retries
 * are spent carry this code.
 */
const KEPT_CHANGING = 'CONCURRENCY_CONFLICT';

/**
 * Whether a follow-up's failure is a refusal — the work is already done or no longer possible,
 * which a reactor or a watchdog passes over — rather than a failure to try again. A store that
 * could not be reached (`unavailable`) and a stream that kept moving through every retry are
 * passing conditions: passing over them would lose the follow-up for good, so they go back to
 * the batch (retried from its checkpoint) or to the next sweep.
 */
export const isRefusal = (error: unknown): boolean =>
  error instanceof DomainError && error.kind !== 'unavailable' && error.code !== KEPT_CHANGING;

/** Runs a follow-up, passing over a refusal (see isRefusal); anything else is thrown. */
export const unlessRefused = async (work: () => Promise<unknown>): Promise<void> => {
  try {
    await work();
  } catch (error) {
    if (!isRefusal(error)) throw error;
  }
};
