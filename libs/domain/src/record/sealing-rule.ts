/**
 * How a record's fields are derived from its job stream. A sealed record never changes, and
 * verification re-derives it from the job stream, so a rule is never edited: a change is a new
 * rule, and each record names the one it was sealed by (`sealingRule`, covered by the hash).
 *
 * - 1: work submitted for review is dated at its approval. Records sealed before rules were
 *   versioned carry no `sealingRule` and are rule 1; no record ever says `sealingRule: 1`.
 * - 2: work submitted for review is dated at its submission, as work completed and then
 *   reviewed is dated at its completion.
 * - 3: as 2, and a forced record carries the job's latest attempt (and credits its claimant)
 *   only when the job was `active` or in `review` when forced; an attempt that failed, was
 *   released, lapsed, ended waiting or was rejected did not do the work. Rules 1 and 2 carried
 *   the latest unsealed attempt whatever its end.
 */
export type SealingRule = 1 | 2 | 3;

export const CURRENT_SEALING_RULE: SealingRule = 3;

/** The rule a stored record names; `null` when it names none that jobledger seals by. */
export const sealingRuleOf = (record: { readonly sealingRule?: unknown }): SealingRule | null => {
  if (record.sealingRule === undefined) return 1;
  return record.sealingRule === 2 || record.sealingRule === 3 ? record.sealingRule : null;
};

/** The field a record of `rule` carries (rule 1 predates the field: it carries none). */
export const sealingRuleField = (rule: SealingRule): { sealingRule?: SealingRule } => (rule === 1 ? {} : { sealingRule: rule });
