/**
 * Failures of the machine's storage rather than of the request: the disk is full, failing or
 * read-only, or another process holds SQLite's lock past its busy timeout. Nothing was written
 * (SQLite rolls the transaction back; a blob is written before its event), and the same request
 * can succeed once the fault clears, so they are a retryable 503, not a 500.
 */
const SQLITE_CODES = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|BUSY|LOCKED|PROTOCOL)(_|$)/;
const SYSTEM_CODES = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EROFS']);

/** The failure's code when it is one of those (matched by shape: the driver's class may come from another realm), else null. */
export const storageFailureOf = (error: unknown): string | null => {
  const e = error as { code?: unknown; name?: unknown } | null;
  if (typeof e !== 'object' || e === null || typeof e.code !== 'string') return null;
  if (e.name === 'SqliteError' && SQLITE_CODES.test(e.code)) return e.code;
  return SYSTEM_CODES.has(e.code) ? e.code : null;
};
