import { MongoBulkWriteError, MongoServerError } from 'mongodb';
import { isDuplicateKey, isNamespaceNotFound, onlyDuplicateKeys } from './errors';

const writeError = (code: number) => ({ code, index: 0, errmsg: `E${code}` });
const bulkError = (codes: number[], writeConcernError?: unknown) =>
  Object.assign(new MongoBulkWriteError({ message: 'bulk', code: codes[0], writeErrors: codes.map(writeError) as never }, { getWriteConcernError: () => writeConcernError } as never));

describe('error classification', () => {
  it('knows a duplicate key (11000) and nothing else as one', () => {
    expect(isDuplicateKey(new MongoServerError({ message: 'E11000 duplicate key', code: 11000 }))).toBe(true);
    expect(isDuplicateKey(new MongoServerError({ message: 'WriteConflict', code: 112 }))).toBe(false);
    expect(isDuplicateKey(new Error('E11000 in a message only'))).toBe(false);
    expect(isDuplicateKey(undefined)).toBe(false);
  });

  it('takes a bulk write whose every failure is a duplicate key as "already applied"', () => {
    expect(onlyDuplicateKeys(bulkError([11000]))).toBe(true);
    expect(onlyDuplicateKeys(bulkError([11000, 11000, 11000]))).toBe(true);
  });

  it('rethrows any other bulk failure, a write-concern failure included', () => {
    expect(onlyDuplicateKeys(bulkError([11000, 121]))).toBe(false); // document validation
    expect(onlyDuplicateKeys(bulkError([11000], { code: 64, errmsg: 'waiting for replication timed out' }))).toBe(false);
    expect(onlyDuplicateKeys(bulkError([]))).toBe(false);
    expect(onlyDuplicateKeys(new MongoServerError({ message: 'E11000', code: 11000 }))).toBe(false); // not a bulk error
    expect(onlyDuplicateKeys(new Error('network'))).toBe(false);
  });

  it('accepts a single write error where the driver types one or many', () => {
    expect(onlyDuplicateKeys({ writeErrors: writeError(11000) })).toBe(true);
  });

  it('knows a missing namespace (26)', () => {
    expect(isNamespaceNotFound(new MongoServerError({ message: 'ns not found', code: 26 }))).toBe(true);
    expect(isNamespaceNotFound(new MongoServerError({ message: 'other', code: 13 }))).toBe(false);
  });
});
