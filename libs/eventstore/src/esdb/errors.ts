import { ErrorType, isCommandError, WrongExpectedVersionError } from '@eventstore/db-client';
import { DomainError } from '../../../domain/src/shared/errors';
import { ConcurrencyError } from '../errors';
import type { ExpectedRevision } from '../port';
import { fromClientCurrentRevision } from './revisions';

/** The server could not be reached or did not answer in time: for a write, the outcome is unknown. */
export class EventStoreUnavailableError extends DomainError {
  constructor(readonly operation: string, override readonly cause: Error) {
    super('STORE_UNAVAILABLE', `EventStoreDB unavailable during ${operation}: ${cause.message}`, 'unavailable', { store: 'eventstore', operation });
    this.name = 'EventStoreUnavailableError';
  }
}

const TRANSIENT: ReadonlySet<ErrorType> = new Set([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.CANCELLED,
  ErrorType.NOT_LEADER,
]);

const asCommandError = (error: unknown) => (error instanceof Error && isCommandError(error) ? error : null);

/** A read of a stream that does not exist (the client throws it while iterating). */
export const isStreamNotFound = (error: unknown): boolean => asCommandError(error)?.type === ErrorType.STREAM_NOT_FOUND;

/**
 * What the client throws, as a plain Error, when gossip found no node of an `esdb+discover://`
 * cluster (`Client/discovery.js`): the cluster is unreachable as surely as a refused dial.
 */
const DISCOVERY_FAILED = /^Failed to discover after \d+ attempts/;

/** Failures that a later attempt may not meet: the client reconnects its channel for the next call. */
export const isTransient = (error: unknown): boolean => {
  if (error instanceof Error && !isCommandError(error) && DISCOVERY_FAILED.test(error.message)) return true;
  const type = asCommandError(error)?.type;
  return type !== undefined && TRANSIENT.has(type);
};

/**
 * A client error in the port's terms: a wrong expected version is the port's concurrency
 * conflict (with the port's own expected value, and -1 for "no stream"); an unreachable
 * server says so; anything else (access denied, stream deleted, too large) is passed on.
 */
export const toStoreError = (error: unknown, operation: string, streamId?: string, expected?: ExpectedRevision): unknown => {
  if (error instanceof WrongExpectedVersionError || asCommandError(error)?.type === ErrorType.WRONG_EXPECTED_VERSION) {
    const wrong = error as WrongExpectedVersionError;
    return new ConcurrencyError(streamId ?? wrong.streamName, expected ?? 'any', fromClientCurrentRevision(wrong.actualVersion));
  }
  if (isTransient(error)) return new EventStoreUnavailableError(operation, error as Error);
  return error;
};
