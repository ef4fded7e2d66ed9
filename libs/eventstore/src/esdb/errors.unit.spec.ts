import {
  AccessDeniedError,
  NO_STREAM,
  CancelledError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  DeadlineExceededError,
} from '@eventstore/db-client';
import { ConcurrencyError } from '../errors';
import { EventStoreUnavailableError, isStreamNotFound, isTransient, toStoreError } from './errors';

const wrong = (expected: bigint | 'no_stream' | 'stream_exists' | 'any', current: bigint | 'no_stream') =>
  new WrongExpectedVersionError(undefined, { streamName: 'job-1', expected, current });

describe('client errors in the port’s terms', () => {
  it('maps a wrong expected version to a ConcurrencyError with the port’s expected value and the actual revision', () => {
    const error = toStoreError(wrong(0n, 3n), 'append', 'job-1', 0);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ streamId: 'job-1', expected: 0, actual: 3, code: 'CONCURRENCY_CONFLICT' });
  });

  it('reports a missing stream as revision -1', () => {
    expect(toStoreError(wrong('stream_exists', NO_STREAM), 'append', 'job-1', 'stream_exists')).toMatchObject({
      expected: 'stream_exists',
      actual: -1,
    });
  });

  it('names an unreachable server, keeping the cause', () => {
    const cause = new UnavailableError();
    const error = toStoreError(cause, 'append to job-1');
    expect(error).toBeInstanceOf(EventStoreUnavailableError);
    expect(error).toMatchObject({ operation: 'append to job-1', cause });
    expect(String((error as Error).message)).toContain('EventStoreDB unavailable during append to job-1');
  });

  it.each([new UnavailableError(), new DeadlineExceededError(), new CancelledError()])('treats %p as transient', (error) => {
    expect(isTransient(error)).toBe(true);
  });

  it('names a cluster that could not be discovered (esdb+discover://) as unreachable: the client throws a plain Error for it', () => {
    const cause = new Error('Failed to discover after 10 attempts.');
    expect(isTransient(cause)).toBe(true);
    expect(toStoreError(cause, 'read $all')).toMatchObject({ code: 'STORE_UNAVAILABLE', operation: 'read $all', cause });
  });

  it('passes other failures on unchanged', () => {
    const denied = new AccessDeniedError();
    const plain = new Error('boom');
    expect(toStoreError(denied, 'append')).toBe(denied);
    expect(toStoreError(plain, 'append')).toBe(plain);
    expect(isTransient(denied)).toBe(false);
    expect(isTransient('not an error')).toBe(false);
  });

  it('recognises a read of a missing stream', () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 'job-1'))).toBe(true);
    expect(isStreamNotFound(new UnavailableError())).toBe(false);
    expect(isStreamNotFound(undefined)).toBe(false);
  });
});
