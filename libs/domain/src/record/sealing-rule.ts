/**
 * How a record's fields are derived from its job stream. A sealed record never changes, and
 * verification re-derives it from the job stream, so a rule is never edited: a change is a new
 * rule, and each record names the one it was sealed by (`sealingRule`, covered by the hash).
 *
 * - 1: work submitted for review is dated at its approval. Records sealed before rules were
 *   versioned carry no `sealingRule` and are rule 1; no record ever says `sealingRule: 1`.
 * - 2: work submitted for review is dated at its submission, as work completed and then
 *   reviewed is dated at its completion.
 */
export type SealingRule = 1 | 2;

export const CURRENT_SEALING_RULE: SealingRule = 2;

/** The rule a stored record names; `null` when it names none that jobledger seals by. */
export const sealingRuleOf = (record: { readonly sealingRule?: unknown }): SealingRule | null => {
  if (record.sealingRule === undefined) return 1;
  return record.sealingRule === 2 ? 2 : null;
};

/** The field a record of `rule` carries (rule 1 predates the field: it carries none). */
export const sealingRuleField = (rule: SealingRule): { sealingRule?: SealingRule } => (rule === 1 ? {} : { sealingRule: rule });
