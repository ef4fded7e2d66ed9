import { canonicalJson } from '../../../domain/src/shared/hashing';
import type { Json } from '../../../domain/src/shared/json';
import { streams } from '../../../domain/src/shared/streams';
import { byPosition, toJobStreamEvent, type AuditEvent } from './audit-event';
import type { ExportLine } from './audit-export';
import { checkChainLinks, checkContentHashes } from './ledger-checks';
import { recordChecks } from './record-checks';
import { evidenceOf, isObjectRecord, sealingsOf, shapeCheck, shapeProblems, type SealedRecord } from './sealed-record';
import { check, verification, type Check, type Verification } from './verification';

export type RecordVerification = Verification & { readonly recordId: string; readonly notChecked: readonly string[] };

export type ExportVerification = {
  readonly valid: boolean;
  readonly jobId: string;
  readonly records: readonly RecordVerification[];
  readonly chain: Verification & { readonly notChecked: readonly string[] };
};

const same = (a: unknown, b: unknown) => canonicalJson(a as Json) === canonicalJson(b as Json);

/**
 * Offline verification of an export: every record of the job against the exported job stream,
 * its neighbours in the exported chain and the exported bytes; the chain's own links. What the
 * file does not hold (bytes not exported, records sealed after the export) is named, not assumed.
 */
export const verifyExport = (lines: readonly ExportLine[]): ExportVerification => {
  const header = lines[0];
  if (header?.kind !== 'header') throw new Error('the export has no header');
  const events = lines.flatMap((l) => (l.kind === 'event' ? [l.event] : []));
  const chainEvents = lines.flatMap((l) => (l.kind === 'chain' ? [l.event] : [])).sort(byPosition);
  const jobStream = events.filter((e) => e.stream === streams.job(header.jobId));
  const sealedEvents = events.filter((e): e is AuditEvent<SealedRecord> => e.type === 'RecordSealed').sort(byPosition);
  // A line edited so that its record is no object at all is a record that fails, not one to read.
  const unreadable = [...sealedEvents, ...chainEvents].filter((e) => shapeProblems(e.data).some((p) => p.field === null))
    .map((e): RecordVerification => ({ recordId: e.stream.replace(/^record-/, ''), ...verification([shapeCheck(shapeProblems(e.data))]), notChecked: [] }));
  const chain = chainEvents.map((e) => e.data).filter(isObjectRecord);
  const sealed = sealedEvents.map((e) => e.data).filter(isObjectRecord);
  const blobs = new Map<string, Uint8Array | null>(lines.flatMap((l) => (l.kind === 'blob' ? [[l.sha256, Buffer.from(l.base64, 'base64')] as const] : [])));
  // An export made with the bytes holds every evidence's: one missing was deleted, and fails.
  if (header.withBlobs) for (const e of sealed.flatMap(evidenceOf)) if (!blobs.has(e.sha256)) blobs.set(e.sha256, null);

  const records = sealed.map((record): RecordVerification => {
    const at = chain.findIndex((r) => r.recordId === record.recordId);
    const inChain: Check = at < 0
      ? check('in-chain', false, `record ${record.recordId} is not in the exported chain`)
      : check('in-chain', same(chain[at], record), same(chain[at], record) ? `#${at + 1} in the exported chain` : 'the exported chain holds a different version of it');
    const { checks, notChecked } = recordChecks({
      record, jobStream, blobs,
      previous: at > 0 ? chain[at - 1] : at === 0 && record.previousRecordHash === null ? null : undefined,
      next: at >= 0 && at + 1 < chain.length ? chain[at + 1] : undefined,
    });
    return { recordId: record.recordId, ...verification([inChain, ...checks]), notChecked };
  });
  // The records the job stream seals, recomputed as the server does: one left out of the file
  // (its event and its chain line deleted) is a failure, not a smaller job.
  const present = new Set(sealed.map((r) => r.recordId));
  const missing = sealingsOf(jobStream.map(toJobStreamEvent))
    .filter((s) => !present.has(s.recordId))
    .map((s): RecordVerification => ({
      recordId: s.recordId,
      ...verification([check('in-export', false, `the job stream seals record ${s.recordId}, and the export holds no RecordSealed for it`)]),
      notChecked: [],
    }));

  const startsMidway = chain.length > 0 && chain[0].previousRecordHash !== null;
  const chainResult = {
    ...verification(chain.length ? [checkContentHashes(chain), checkChainLinks(chain, { startsMidway })] : []),
    notChecked: [
      ...(startsMidway ? ['records sealed before the first exported one'] : []),
      'records sealed after the export (verify a digest against the server for those)',
    ],
  };
  // An export without a sealed record proves nothing about records: it is not called valid.
  const all = [...unreadable, ...records, ...missing];
  const valid = all.length > 0 && all.every((r) => r.valid) && chainResult.valid;
  return { valid, jobId: header.jobId, records: all, chain: chainResult };
};
