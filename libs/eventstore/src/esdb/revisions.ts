import { ANY, NO_STREAM, STREAM_EXISTS, type AppendExpectedRevision, type CurrentRevision } from '@eventstore/db-client';
import type { ExpectedRevision } from '../port';

/** The port's expected revision as the client spells it (-1, "no stream yet", included). */
export const toClientExpectedRevision = (expected: ExpectedRevision): AppendExpectedRevision => {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      if (!Number.isSafeInteger(expected) || expected < -1) throw new RangeError(`expected revision must be an integer ≥ -1, got ${expected}`);
      return expected === -1 ? NO_STREAM : BigInt(expected);
  }
};

/** The client's expected revision back in the port's terms. */
export const fromClientExpectedRevision = (expected: AppendExpectedRevision): ExpectedRevision => {
  switch (expected) {
    case ANY:
      return 'any';
    case NO_STREAM:
      return 'no_stream';
    case STREAM_EXISTS:
      return 'stream_exists';
    default:
      return toRevision(expected);
  }
};

/** A stream's current revision (`no_stream` when absent) as the port's number (-1 when absent). */
export const fromClientCurrentRevision = (current: CurrentRevision): number => (current === NO_STREAM ? -1 : toRevision(current));

/** Revisions are bigints in the client; a stream of 2^53 events is not a thing jobledger meets. */
export const toRevision = (revision: bigint): number => {
  const n = Number(revision);
  if (!Number.isSafeInteger(n)) throw new RangeError(`revision ${revision} is beyond what this store handles`);
  return n;
};

