import type { RecordBody, RecordSealed } from '../../../domain/src/record/events';
import { recordContentHash, sealingAt, type JobStreamEvent, type Sealing } from '../../../domain/src/record/seal';
import { CURRENT_SEALING_RULE, type SealingRule } from '../../../domain/src/record/sealing-rule';

export type SealedRecord = RecordSealed['data'];

/** What the content hash covers: the sealed event's data minus `contentHash` (extra fields included). */
export const bodyOf = (record: SealedRecord): RecordBody => {
  const { contentHash: _hash, ...body } = record;
  return body;
};

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
    const sealing = SEALING_TYPES.has(e.event.type) ? sealingAt(jobStream.slice(0, i + 1), rule) : null;
    return sealing ? [sealing] : [];
  });
