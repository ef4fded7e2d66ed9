import { invalid } from '../../../domain/src/shared/errors';

/** A sort value a cursor can carry: what JSON documents hold in a sortable field (missing as null). */
export type KeyValue = string | number | boolean | null;

const isKeyValue = (v: unknown): v is KeyValue =>
  v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/*
 * A cursor is the last item's sort values, `_id` last, as base64url JSON (JSON keeps 1, '1'
 * and true apart, as MongoDB does). Opaque to callers but no secret: tampering only moves the page.
 */
export const encodeCursor = (values: readonly KeyValue[]): string => Buffer.from(JSON.stringify(values)).toString('base64url');

/** The values of a cursor made for `keyCount` sort keys; a foreign or damaged cursor is a 400. */
export const decodeCursor = (cursor: string, keyCount: number): KeyValue[] => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== keyCount || !parsed.every(isKeyValue)) {
    throw invalid('INVALID_CURSOR', 'the cursor does not belong to this query');
  }
  return parsed;
};
