import type { RecordBody, RecordEvidence, RecordSealed } from '../../../domain/src/record/events';
import { recordContentHash, sealingAt, type JobStreamEvent, type Sealing } from '../../../domain/src/record/seal';
import { CURRENT_SEALING_RULE, type SealingRule } from '../../../domain/src/record/sealing-rule';
import { check, type Check } from './verification';

export type SealedRecord = RecordSealed['data'];

/** What the content hash covers: the sealed event's data minus `contentHash` (extra fields included). */
export const bodyOf = (record: SealedRecord): RecordBody => {
  const { contentHash: _hash, ...body } = record;
  return body;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isEvidence = (v: unknown): v is RecordEvidence =>
  isObject(v) && typeof v.evidenceId === 'string' && typeof v.category === 'string' && typeof v.sha256 === 'string';
const FIELD_TYPES: Record<string, [string, (v: unknown) => boolean]> = {
  recordId: ['a string', (v) => typeof v === 'string'],
  jobId: ['a string', (v) => typeof v === 'string'],
  projectSlug: ['a string', (v) => typeof v === 'string'],
  contentHash: ['a string', (v) => typeof v === 'string'],
  previousRecordHash: ['a string or null', (v) => v === null || typeof v === 'string'],
  jobStreamRevision: ['a whole number', (v) => Number.isSafeInteger(v) && (v as number) >= 0],
  evidence: ['a list of { evidenceId, category, sha256 }', (v) => Array.isArray(v) && v.every(isEvidence)],
};

/**
 * What a stored record holds that no sealed record does, in the fields the checks read: a
 * record edited in place may hold anything, and must fail its verification, not break it.
 * Empty for a record as jobledger sealed it.
 */
export const shapeProblems = (record: unknown): ShapeProblem[] => {
  if (!isObject(record)) return [{ field: null, expected: 'an object' }];
  return Object.entries(FIELD_TYPES).filter(([field, [, holds]]) => !holds(record[field])).map(([field, [expected]]) => ({ field, expected }));
};

/** A field of the record (null: the record itself) that does not hold what it should. */
export type ShapeProblem = { readonly field: string | null; readonly expected: string };

/** The failing check for a record with such problems. */
export const shapeCheck = (problems: readonly ShapeProblem[]): Check =>
  check('record-shape', false, `${problems.map((p) => `${p.field ?? 'the record'} is not ${p.expected}`).join('; ')}: the record was altered after sealing`);

/** Whether a stored record is an object at all (its fields are checked by `shapeProblems`). */
export const isObjectRecord = (record: unknown): record is SealedRecord => isObject(record);

/** The record's evidence, as far as it holds evidence (all of it, unless the record was altered). */
export const evidenceOf = (record: SealedRecord): readonly RecordEvidence[] => (Array.isArray(record.evidence) ? record.evidence.filter(isEvidence) : []);

/** The hash the record's content has today, whatever its stored `contentHash` says. */
export const recomputedHash = (record: SealedRecord): string => recordContentHash(bodyOf(record));

const SEALING_TYPES = new Set(['ServiceEventCompleted', 'JobApproved', 'JobForceCompleted']);

/**
 * Every record a job stream seals, in stream order: recomputed from the events, not looked up.
 * Which events seal, and the ids of their records, are the same under every sealing rule; only
 * the bodies differ.
 */
export const sealingsOf = (jobStream: readonly JobStreamEvent[], rule: SealingRule = CURRENT_SEALING_RULE): Sealing[] =>
  jobStream.flatMap((e, i) => {
    const sealing = SEALING_TYPES.has(e.event.type) ? sealingOrFailure(jobStream.slice(0, i + 1), rule) : null;
    return sealing && !('failure' in sealing) ? [sealing] : [];
  });

/**
 * `sealingAt`, or why the events cannot be folded: events edited outside jobledger may lack what
 * every stored event of their type holds, and such a stream seals nothing an auditor can rely on.
 */
export const sealingOrFailure = (events: readonly JobStreamEvent[], rule: SealingRule): Sealing | { readonly failure: string } | null => {
  try {
    return sealingAt(events, rule);
  } catch (e) {
    return { failure: e instanceof Error ? e.message : String(e) };
  }
};
