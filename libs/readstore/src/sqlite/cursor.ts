import { invalid } from '../../../domain/src/shared/errors';
import type { SqlValue } from './filter-sql';

/*
 * A cursor is the sort values of the last item of a page (the id last), as base64url
 * JSON. It is opaque to callers but carries no secret: tampering only moves the page.
 */
export const encodeCursor = (values: readonly SqlValue[]): string => Buffer.from(JSON.stringify(values)).toString('base64url');

const isSqlValue = (v: unknown): v is SqlValue => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/** The values of a cursor made for `keyCount` sort keys; a foreign or damaged cursor is a 400. */
export const decodeCursor = (cursor: string, keyCount: number): SqlValue[] => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== keyCount || !parsed.every(isSqlValue)) {
    throw invalid('INVALID_CURSOR', 'the cursor does not belong to this query');
  }
  return parsed;
};
