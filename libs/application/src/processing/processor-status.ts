/** A processor's health, JSON-ready (positions as decimal strings: bigint does not serialise). */
export type ProcessorStatus = {
  readonly name: string;
  readonly running: boolean;
  /** Position of the last event applied and checkpointed. */
  readonly position: string;
  /** Everything up to here has been seen: applied, or filtered out below the head. */
  readonly seenPosition: string;
  readonly caughtUp: boolean;
  /** Recorded-to-committed lag of recent events, in milliseconds; null before any. */
  readonly lagP50Ms: number | null;
  readonly lagP99Ms: number | null;
  /** Failed deliveries since this runner was created (each is retried). */
  readonly errors: number;
  readonly lastError: string | null;
};

/** In place of an error's text for callers who may not read it: it can name hosts, paths or data. */
export const WITHHELD = 'withheld: see the server log, or send an admin or auditor token';

/** The status for an unauthenticated health probe: whether a processor failed, not why. */
export const withErrorWithheld = <S extends { readonly lastError: string | null }>(status: S): S =>
  status.lastError === null ? status : { ...status, lastError: WITHHELD };
