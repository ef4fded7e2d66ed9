import { supportsTransactions } from './topology';

describe('supportsTransactions', () => {
  it('is true for a replica set member and for mongos, which have sessions', () => {
    expect(supportsTransactions({ isWritablePrimary: true, setName: 'rs0', logicalSessionTimeoutMinutes: 30 })).toBe(true);
    expect(supportsTransactions({ isWritablePrimary: true, msg: 'isdbgrid', logicalSessionTimeoutMinutes: 30 })).toBe(true);
  });

  it('is false for a standalone server, and for one without sessions', () => {
    expect(supportsTransactions({ isWritablePrimary: true, logicalSessionTimeoutMinutes: 30 })).toBe(false);
    expect(supportsTransactions({ isWritablePrimary: true, setName: 'rs0' })).toBe(false);
    expect(supportsTransactions({ isWritablePrimary: true, setName: 'rs0', logicalSessionTimeoutMinutes: null })).toBe(false);
  });
});
