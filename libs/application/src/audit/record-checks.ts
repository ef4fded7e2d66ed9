import { isJobEventType } from '../../../domain/src/job/events';
import type { RecordEvidence } from '../../../domain/src/record/events';
import { sealingRuleOf } from '../../../domain/src/record/sealing-rule';
import { canonicalJson, sha256Hex } from '../../../domain/src/shared/hashing';
import type { Json } from '../../../domain/src/shared/json';
import { toJobStreamEvent, type AuditEvent } from './audit-event';
import { bodyOf, evidenceOf, recomputedHash, sealingOrFailure, shapeCheck, shapeProblems, type SealedRecord } from './sealed-record';
import { check, type Check } from './verification';

const canonical = (v: unknown): string => (v === undefined ? 'undefined' : canonicalJson(v as Json));
// A stored hash is a string unless the record was edited; then it is shown as it is.
const short = (hash: unknown) => (typeof hash === 'string' ? `${hash.slice(0, 12)}…` : canonical(hash));

/** The stored body still hashes to the stored `contentHash`. */
export const checkContentHash = (record: SealedRecord): Check => {
  const today = recomputedHash(record);
  return today === record.contentHash
    ? check('content-hash', true, `the sealed body hashes to its contentHash ${short(today)}`)
    : check('content-hash', false, `the sealed body hashes to ${today}, not to its contentHash ${record.contentHash}: the record was altered after sealing`);
};

/**
 * Sealing the job stream again, up to the record's `jobStreamRevision` and by the record's
 * `sealingRule`, yields the same body.
 * `jobStream` is the job's stream as stored (any order; events after the revision are ignored).
 */
export const checkJobStream = (record: SealedRecord, jobStream: readonly AuditEvent[]): Check => {
  const name = 'job-stream';
  const upTo = [...jobStream].filter((e) => e.revision <= record.jobStreamRevision).sort((a, b) => a.revision - b.revision);
  const gap = upTo.findIndex((e, i) => e.revision !== i);
  if (gap >= 0) return check(name, false, `job-${record.jobId} lacks revision ${gap}: events were removed`);
  if (upTo.length !== record.jobStreamRevision + 1) return check(name, false, `job-${record.jobId} has no revision ${record.jobStreamRevision}`);
  // Each record is re-derived by the rule it was sealed by: a record sealed before the rule
  // changed still says what the job's events said under its own rule.
  const rule = sealingRuleOf(record);
  if (rule === null) return check(name, false, `the record names sealingRule ${canonical(record.sealingRule)}, which no jobledger record carries (rule 1 records name none)`);
  const foreign = upTo.find((e) => !isJobEventType(e.type));
  if (foreign) return check(name, false, `revision ${foreign.revision} of job-${record.jobId} has type ${canonical(foreign.type)}, which no job stream holds: the stream was altered`);
  const sealing = sealingOrFailure(upTo.map(toJobStreamEvent), rule);
  if (sealing && 'failure' in sealing) return check(name, false, `job-${record.jobId} revisions 0..${record.jobStreamRevision} cannot be folded (${sealing.failure}): the stream was altered`);
  if (!sealing) return check(name, false, `revision ${record.jobStreamRevision} of job-${record.jobId} seals no record`);
  if (sealing.recordId !== record.recordId) {
    return check(name, false, `revision ${record.jobStreamRevision} of job-${record.jobId} seals record ${sealing.recordId}, not ${record.recordId}`);
  }
  const sealed: Record<string, unknown> = bodyOf(record);
  const expected: Record<string, unknown> = { ...sealing.body, previousRecordHash: record.previousRecordHash };
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(sealed)])].sort();
  const differing = keys.filter((k) => canonical(expected[k]) !== canonical(sealed[k]));
  return differing.length
    ? check(name, false, `the record differs from what job-${record.jobId} revisions 0..${record.jobStreamRevision} seal, in: ${differing.join(', ')}`)
    : check(name, true, `recomputed from job-${record.jobId} revisions 0..${record.jobStreamRevision}: every field matches`);
};

/** `previousRecordHash` is the hash of the record sealed just before it in the project (null for the first). */
export const checkChainLink = (record: SealedRecord, previous: SealedRecord | null): Check => {
  const name = 'chain-link';
  if (!previous) {
    return record.previousRecordHash === null
      ? check(name, true, `first record of project ${record.projectSlug}`)
      : check(name, false, `previousRecordHash is ${short(record.previousRecordHash)} but no record of project ${record.projectSlug} was sealed before it: a record was removed`);
  }
  const hash = recomputedHash(previous);
  return record.previousRecordHash === hash
    ? check(name, true, `links to record ${previous.recordId} (${short(hash)}), sealed before it`)
    : check(name, false, `previousRecordHash ${short(record.previousRecordHash)} is not the hash of record ${previous.recordId} sealed before it (${short(hash)}): a record before it was removed or altered`);
};

/** The record sealed after it (if any) links to this record's content as it is today. */
export const checkSuccessor = (record: SealedRecord, next: SealedRecord | null): Check => {
  if (!next) return check('chain-successor', true, 'no record sealed after it yet');
  const hash = recomputedHash(record);
  return next.previousRecordHash === hash
    ? check('chain-successor', true, `record ${next.recordId}, sealed next, links to it`)
    : check('chain-successor', false, `record ${next.recordId}, sealed next, links to ${short(next.previousRecordHash)}, not to this record (${short(hash)})`);
};

/** The evidence bytes still hash to the sha256 the record sealed; `null` when the bytes are gone. */
export const checkEvidenceBlob = (evidence: RecordEvidence, bytes: Uint8Array | null): Check => {
  const name = `evidence:${evidence.evidenceId}`;
  if (!bytes) return check(name, false, `${evidence.category}: no bytes stored for sha256 ${short(evidence.sha256)}`);
  const actual = sha256Hex(bytes);
  return actual === evidence.sha256
    ? check(name, true, `${evidence.category}: ${bytes.length} bytes hash to ${short(actual)}`)
    : check(name, false, `${evidence.category}: the stored bytes hash to ${short(actual)}, not ${short(evidence.sha256)}`);
};

export type RecordEvidenceInput = {
  readonly record: SealedRecord;
  /** The job's stream as stored. */
  readonly jobStream: readonly AuditEvent[];
  /** Neighbours in the project's sealing order: `null` = none; `undefined` = not available here. */
  readonly previous: SealedRecord | null | undefined;
  readonly next: SealedRecord | null | undefined;
  /** Evidence bytes by sha256: `null` = known missing; absent = not available here (offline). */
  readonly blobs: ReadonlyMap<string, Uint8Array | null>;
};

/** Every check of one record; `notChecked` names what the caller could not supply. */
export const recordChecks = (input: RecordEvidenceInput): { checks: Check[]; notChecked: string[] } => {
  const { record, blobs } = input;
  const evidence = evidenceOf(record);
  const present = evidence.filter((e) => blobs.has(e.sha256));
  const problems = shapeProblems(record);
  return {
    checks: [
      // Only when it fails: a record as sealed holds every field with its type.
      ...(problems.length ? [shapeCheck(problems)] : []),
      checkContentHash(record),
      checkJobStream(record, input.jobStream),
      ...(input.previous !== undefined ? [checkChainLink(record, input.previous)] : []),
      ...(input.next !== undefined ? [checkSuccessor(record, input.next)] : []),
      ...present.map((e) => checkEvidenceBlob(e, blobs.get(e.sha256) ?? null)),
    ],
    notChecked: [
      ...(input.previous === undefined ? ['chain-link (the record sealed before it is not available)'] : []),
      ...(input.next === undefined ? ['chain-successor (records sealed after it are not available)'] : []),
      ...evidence.filter((e) => !blobs.has(e.sha256)).map((e) => `evidence:${e.evidenceId} (bytes not available)`),
    ],
  };
};
