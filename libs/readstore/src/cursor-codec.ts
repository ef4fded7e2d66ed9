import { invalid } from '../../domain/src/shared/errors';

/*
 * A cursor is the sort values of the last item of a page (the id last), as base64url JSON.
 * It is opaque to callers but carries no secret: tampering only moves the page. Each
 * adapter says which values its cursors may hold.
 */
export const encodeCursor = (values: readonly unknown[]): string => Buffer.from(JSON.stringify(values)).toString('base64url');

/** The values of a cursor made for `keyCount` sort keys; a foreign or damaged cursor is a 400. */
export const decodeCursor = <V>(cursor: string, keyCount: number, isValue: (v: unknown) => v is V): V[] => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== keyCount || !parsed.every(isValue)) {
    throw invalid('INVALID_CURSOR', 'the cursor does not belong to this query');
  }
  return parsed;
};
