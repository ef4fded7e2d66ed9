import { setImmediate as nextTurn } from 'node:timers/promises';
import { recomputedHash as hashOfContent, type SealedRecord } from './sealed-record';
import { check, type Check } from './verification';

/*
 * A ledger's checks hash each record more than once (its own hash, then the next one's link);
 * canonical JSON and sha256 are most of a verification's time, and it runs on the API thread.
 * Kept per chain array, the one a verification reads and checks, so no hash outlives it.
 */
const hashesOf = new WeakMap<readonly SealedRecord[], string[]>();
const hashAt = (chain: readonly SealedRecord[], index: number): string => {
  let hashes = hashesOf.get(chain);
  if (!hashes) hashesOf.set(chain, (hashes = []));
  return (hashes[index] ??= hashOfContent(chain[index]));
};

/** Records hashed between two turns of the event loop: a few milliseconds of the API thread. */
export const HASH_SLICE = 200;

/**
 * Hashes every record of a chain ahead of its checks, a slice at a time, giving the event loop
 * a turn between slices: a long chain (tens of thousands of records) would otherwise hold every
 * other request for the whole of its hashing.
 */
export const hashChain = async (chain: readonly SealedRecord[], slice = HASH_SLICE): Promise<void> => {
  for (let i = 0; i < chain.length; i++) {
    if (i > 0 && i % slice === 0) await nextTurn();
    hashAt(chain, i);
  }
};

/** What an auditor keeps outside the system: how long the project's chain was, and its head. */
export type LedgerDigest = { readonly project: string; readonly recordCount: number; readonly headHash: string | null };

export const ledgerDigest = (project: string, chain: readonly SealedRecord[]): LedgerDigest => ({
  project, recordCount: chain.length, headHash: chain.length ? chain[chain.length - 1].contentHash : null,
});

const listed = (ids: readonly string[]) => (ids.length > 5 ? `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more` : ids.join(', '));

/** Every record's content still hashes to its stored `contentHash`. */
export const checkContentHashes = (chain: readonly SealedRecord[]): Check => {
  const altered = chain.filter((r, i) => hashAt(chain, i) !== r.contentHash).map((r) => r.recordId);
  return altered.length
    ? check('content-hashes', false, `${altered.length} of ${chain.length} records no longer hash to their contentHash: ${listed(altered)}`)
    : check('content-hashes', true, `all ${chain.length} records hash to their contentHash`);
};

/**
 * The first record links to nothing and every later one to the recomputed hash of the one
 * sealed before it: nothing was removed, inserted or rewritten in between.
 * `startsMidway`: the chain given is a suffix (an export), so its first link is not checked.
 */
export const checkChainLinks = (chain: readonly SealedRecord[], options: { startsMidway?: boolean } = {}): Check => {
  const broken: string[] = [];
  chain.forEach((r, i) => {
    if (i === 0 && options.startsMidway) return;
    const expected = i === 0 ? null : hashAt(chain, i - 1);
    if (r.previousRecordHash !== expected) broken.push(`#${i + 1} ${r.recordId}`);
  });
  return broken.length
    ? check('chain-links', false, `${broken.length} broken link(s), at ${listed(broken)}: a record was removed, inserted or altered before each`)
    : check('chain-links', true, `${chain.length} records, each linked to the one sealed before it${options.startsMidway ? ' (from the first one given)' : ', from the first'}`);
};

/**
 * Today's chain still extends a digest kept earlier: it is at least that long, and the record
 * at position `count` hashes to the kept `headHash` (the links make that hash cover every
 * record before it).
 */
export const checkDigest = (chain: readonly SealedRecord[], count: number, headHash: string | null): Check[] => {
  if (headHash === null || count === 0) {
    // The digest of a project with no records yet: every chain extends it.
    return [check('digest-count', true, `the chain has ${chain.length} records today; the digest counted none`)];
  }
  if (chain.length < count) {
    return [check('digest-count', false, `the chain has ${chain.length} records today; the digest counted ${count}: sealed records were removed`)];
  }
  const atCount = chain[count - 1];
  const today = hashAt(chain, count - 1);
  return [
    check('digest-count', true, `the chain has ${chain.length} records today; the digest counted ${count}`),
    today === headHash && atCount.contentHash === headHash
      ? check('digest-head', true, `record #${count} (${atCount.recordId}) hashes to the digest's headHash`)
      : check('digest-head', false, `record #${count} (${atCount.recordId}) hashes to ${today}, not to the digest's headHash ${headHash}: the chain was rewritten or the digest is not this chain's`),
  ];
};

/** Records a signal was emitted for, missing from the chain: removed after sealing. */
export const checkSignalledRecords = (chain: readonly SealedRecord[], signalledRecordIds: readonly string[]): Check => {
  const inChain = new Set(chain.map((r) => r.recordId));
  const missing = signalledRecordIds.filter((id) => !inChain.has(id));
  return missing.length
    ? check('signalled-records', false, `${missing.length} record(s) earned a signal but are not in the chain: ${listed(missing)}`)
    : check('signalled-records', true, `every one of ${signalledRecordIds.length} signalled records is in the chain`);
};
