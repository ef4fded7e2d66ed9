/** Structural checks: driver errors may cross realms (jest's vm), so no `instanceof`. */
const codeOf = (error: unknown): unknown => (typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined);

export const DUPLICATE_KEY = 11000;

export const isDuplicateKey = (error: unknown): boolean => codeOf(error) === DUPLICATE_KEY;

/**
 * A bulk write whose only failures are duplicate keys: each one a guarded upsert whose
 * document a newer (or the same) batch already wrote. Anything else is a real failure.
 */
export const onlyDuplicateKeys = (error: unknown): boolean => {
  if (typeof error !== 'object' || error === null || !('writeErrors' in error)) return false;
  const { writeErrors: raw, err, result } = error as { writeErrors: unknown; err?: unknown; result?: { getWriteConcernError?: () => unknown } };
  const writeErrors = Array.isArray(raw) ? raw : [raw]; // typed as one error or many
  // The driver reports write errors before a write-concern error: the writes that did
  // succeed may then not be durable, which is a failure, not "already applied".
  if (err != null || result?.getWriteConcernError?.() != null) return false;
  return writeErrors.length > 0 && writeErrors.every(isDuplicateKey);
};

/** Dropping a collection that does not exist (older servers answer NamespaceNotFound). */
export const isNamespaceNotFound = (error: unknown): boolean => codeOf(error) === 26;
