import type { Assignee } from '../shared/assignee';
import type { Event } from '../shared/event';
import type { Json } from '../shared/json';
import type { Customer } from '../request/events';
import type { Outcome, Payment } from '../job/events';
import type { SealingRule } from './sealing-rule';

export type RecordEvidence = { evidenceId: string; category: string; sha256: string };

/** Everything the content hash covers: the sealed record minus `contentHash` itself. */
export type RecordBody = {
  recordId: string;
  jobId: string;
  serviceEventId: string | null;
  projectSlug: string;
  executor: Assignee | null;
  surface: string | null;
  tier: string | null;
  customer: Customer | null;
  evidence: RecordEvidence[];
  payment: Payment | null;
  outcome: Outcome | null;
  result: Json;
  startedAt: string | null;
  completedAt: string;
  forced: boolean;
  jobStreamRevision: number;
  /** The rule the record was sealed by (sealing-rule.ts); absent on rule 1 records. */
  sealingRule?: SealingRule;
  previousRecordHash: string | null;
};

export type RecordSealed = Event<'RecordSealed', RecordBody & { contentHash: string }>;
export type RecordEvent = RecordSealed;
