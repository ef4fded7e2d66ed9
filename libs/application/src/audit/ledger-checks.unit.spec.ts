import { checkChainLinks, checkContentHashes, checkDigest, checkSignalledRecords, hashChain, ledgerDigest } from './ledger-checks';
import * as sealedRecord from './sealed-record';
import { recomputedHash } from './sealed-record';
import { auditWorld } from './testing/audit-world';

const chain = auditWorld([120, 80, 60, 40]).chain.map((e) => e.data);
const failing = (checks: { name: string; ok: boolean }[]) => checks.filter((c) => !c.ok).map((c) => c.name);

describe('audit: the ledger of a project', () => {
  it('hashes each record of a chain once for all its checks (it runs on the API thread)', () => {
    const fresh = [...chain];
    const hash = jest.spyOn(sealedRecord, 'recomputedHash');
    try {
      checkContentHashes(fresh);
      checkChainLinks(fresh);
      checkDigest(fresh, 4, fresh[3].contentHash);
      expect(hash).toHaveBeenCalledTimes(4);
    } finally {
      hash.mockRestore();
    }
  });

  it('hashes a chain ahead of its checks a slice at a time, other work getting turns between slices', async () => {
    const fresh = [...chain];
    const hash = jest.spyOn(sealedRecord, 'recomputedHash');
    const turns: number[] = [];
    let otherWork = true;
    const other = () => {
      turns.push(hash.mock.calls.length);
      if (otherWork) setImmediate(other);
    };
    try {
      setImmediate(other);
      await hashChain(fresh, 1);
      otherWork = false;
      expect(hash).toHaveBeenCalledTimes(4);
      // Another task ran between every two records (after the first, second and third), not
      // only before or after all of them.
      expect(turns).toEqual([1, 2, 3]);
      hash.mockClear();
      expect([checkContentHashes(fresh).ok, checkChainLinks(fresh).ok]).toEqual([true, true]);
      expect(hash).not.toHaveBeenCalled();
    } finally {
      hash.mockRestore();
    }
  });

  it('digests a chain as its length and its head', () => {
    expect(ledgerDigest('detailing', chain)).toEqual({ project: 'detailing', recordCount: 4, headHash: chain[3].contentHash });
    expect(ledgerDigest('detailing', [])).toEqual({ project: 'detailing', recordCount: 0, headHash: null });
  });

  it('proves today’s chain extends any earlier digest of it', () => {
    expect(failing(checkDigest(chain, 0, null))).toEqual([]);
    expect(failing(checkDigest([], 0, null))).toEqual([]);
    for (let count = 1; count <= 4; count++) {
      expect(failing(checkDigest(chain, count, chain[count - 1].contentHash))).toEqual([]);
    }
  });

  it('refuses a digest whose head is not the record at its count, or which counts more records than exist', () => {
    expect(failing(checkDigest(chain, 2, chain[2].contentHash))).toEqual(['digest-head']);
    expect(failing(checkDigest(chain, 2, 'f'.repeat(64)))).toEqual(['digest-head']);
    expect(checkDigest(chain, 5, chain[3].contentHash)).toEqual([expect.objectContaining({ name: 'digest-count', ok: false })]);
  });

  it('refuses a head whose content was rewritten, even with its stored hash left in place', () => {
    const rewritten = [...chain];
    rewritten[1] = { ...chain[1], tier: 'basic' };
    expect(failing(checkDigest(rewritten, 2, chain[1].contentHash))).toEqual(['digest-head']);
    expect(checkContentHashes(rewritten)).toMatchObject({ ok: false, detail: expect.stringContaining(chain[1].recordId) });
  });

  it('finds every broken link: a record removed, inserted, or rewritten with its hash recomputed', () => {
    expect(checkChainLinks(chain)).toMatchObject({ ok: true, detail: '4 records, each linked to the one sealed before it, from the first' });
    expect(checkChainLinks([chain[0], chain[2], chain[3]]).detail).toMatch(/1 broken link\(s\), at #2 /);
    expect(checkChainLinks(chain.slice(1)).ok).toBe(false);
    expect(checkChainLinks(chain.slice(1), { startsMidway: true }).ok).toBe(true);
    const forged = { ...chain[1], tier: 'basic' };
    const recomputed = [chain[0], { ...forged, contentHash: recomputedHash(forged) }, chain[2], chain[3]];
    expect(checkContentHashes(recomputed).ok).toBe(true);
    expect(checkChainLinks(recomputed).detail).toMatch(/at #3 /);
  });

  it('finds records that earned a signal but are gone from the chain', () => {
    const ids = chain.map((r) => r.recordId);
    expect(checkSignalledRecords(chain, ids).ok).toBe(true);
    expect(checkSignalledRecords(chain.slice(1), ids)).toMatchObject({ ok: false, detail: expect.stringContaining(ids[0]) });
  });
});
