import { checkpointUpdate, deleteOperation, fromStored, leaseAcquire, POSITION_FIELD, positionOfCheckpoint, putOperation, toStored, writtenAtOrAfter } from './documents';
import { matches } from './testing/query-semantics';

describe('stored documents', () => {
  it('stores a document with the batch position as a bigint (a BSON Long), and gives it back without it', () => {
    const stored = toStored({ _id: 'j1', phase: 'ready', lastPosition: '41' }, 42n);
    expect(stored).toEqual({ _id: 'j1', phase: 'ready', lastPosition: '41', _lastPosition: 42n });
    expect(typeof stored[POSITION_FIELD]).toBe('bigint');
    expect(fromStored(stored)).toEqual({ _id: 'j1', phase: 'ready', lastPosition: '41' }); // the projection's own lastPosition stays
  });

  it('refuses a document that carries the guard field itself', () => {
    expect(() => toStored({ _id: 'j1', [POSITION_FIELD]: 1 }, 2n)).toThrow(expect.objectContaining({ code: 'INVALID_DOCUMENT' }));
  });

  it('guards a put: replace (no merge) with upsert, only over an older batch', () => {
    const op = putOperation({ _id: 'j1', v: 2 }, 7n, true);
    expect(op).toEqual({ replaceOne: { filter: { _id: 'j1', _lastPosition: { $lt: 7n } }, replacement: { _id: 'j1', v: 2, _lastPosition: 7n }, upsert: true } });
    const filter = (op as { replaceOne: { filter: Record<string, unknown> } }).replaceOne.filter;
    expect(matches({ _id: 'j1', _lastPosition: 6 }, { ...filter, _lastPosition: { $lt: 7 } })).toBe(true);
    expect(matches({ _id: 'j1', _lastPosition: 7 }, { ...filter, _lastPosition: { $lt: 7 } })).toBe(false); // the same batch again: already applied
  });

  it('guards a delete the same way, and drops the guard inside a transaction (positions compared by reading)', () => {
    expect(deleteOperation('j1', 7n, true)).toEqual({ deleteOne: { filter: { _id: 'j1', _lastPosition: { $lt: 7n } } } });
    expect(deleteOperation('j1', 7n, false)).toEqual({ deleteOne: { filter: { _id: 'j1' } } });
    expect(putOperation({ _id: 'j1' }, 7n, false)).toEqual({ replaceOne: { filter: { _id: 'j1' }, replacement: { _id: 'j1', _lastPosition: 7n }, upsert: true } });
  });

  it('tells whether a stored document was written at or after a batch', () => {
    expect(writtenAtOrAfter({ _id: 'a', _lastPosition: 7n }, 7n)).toBe(true);
    expect(writtenAtOrAfter({ _id: 'a', _lastPosition: 8n }, 7n)).toBe(true);
    expect(writtenAtOrAfter({ _id: 'a', _lastPosition: 6n }, 7n)).toBe(false);
    expect(writtenAtOrAfter({ _id: 'a', _lastPosition: 9 }, 7n)).toBe(true); // written as a double by hand
    expect(writtenAtOrAfter({ _id: 'a' }, 7n)).toBe(false);
  });
});

describe('checkpoints', () => {
  it('sets the position as a bigint', () => {
    expect(checkpointUpdate(2n ** 60n + 1n)).toEqual({ $set: { position: 2n ** 60n + 1n } });
  });

  it('reads a Long back exactly, a hand-written integer too, and nothing as null', () => {
    expect(positionOfCheckpoint({ position: 2n ** 60n + 1n })).toBe(2n ** 60n + 1n);
    expect(positionOfCheckpoint({ position: 12 })).toBe(12n);
    expect(positionOfCheckpoint(null)).toBeNull();
    expect(() => positionOfCheckpoint({ position: '12' })).toThrow(/not a position/);
    expect(() => positionOfCheckpoint({ position: 1.5 })).toThrow(/not a position/);
  });
});

describe('leases', () => {
  const now = 1_000_000;
  const { filter, update } = leaseAcquire('jobs', 'worker-a', 30_000, now);

  it('takes or renews until now + ttl', () => {
    expect(filter).toEqual({ _id: 'jobs', $or: [{ holder: 'worker-a' }, { expiresAt: { $lte: now } }] });
    expect(update).toEqual({ $set: { holder: 'worker-a', expiresAt: now + 30_000 } });
  });

  it('matches its own lease and an expired one, never another holder’s live lease', () => {
    expect(matches({ _id: 'jobs', holder: 'worker-a', expiresAt: now + 5 }, filter)).toBe(true);
    expect(matches({ _id: 'jobs', holder: 'worker-b', expiresAt: now }, filter)).toBe(true);
    expect(matches({ _id: 'jobs', holder: 'worker-b', expiresAt: now + 1 }, filter)).toBe(false); // then the upsert collides: held
    expect(matches({ _id: 'desks', holder: 'worker-a', expiresAt: now + 5 }, filter)).toBe(false);
  });
});
