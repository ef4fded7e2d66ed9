import { createHash } from 'node:crypto';
import { invalid } from '../../domain/src/shared/errors';
import type { Filter, SortSpec } from './port';

/*
 * A cursor is the query's scope, then the sort values of the last item of a page (the id
 * last), as base64url JSON. It is opaque to callers but carries no secret: tampering only
 * moves the page. Each adapter says which values its cursors may hold.
 */

/**
 * Which query a cursor belongs to: its sort, and the fields and operators of its filter — not
 * their values, which may move between the pages of one walk (`since=1h`, a clock). A cursor
 * of another list, or of the same list with another filter or order, is refused rather than
 * read as a place in this one. The collection is not part of it: a blue-green rebuild switches
 * the collection a walk reads from.
 */
export const cursorScope = (filter: Filter, sort: SortSpec | undefined): string => {
  const shape = Object.keys(filter).sort().map((field) => {
    const condition = filter[field];
    return [field, typeof condition === 'object' && condition !== null ? Object.keys(condition).sort() : '='];
  });
  return createHash('sha256').update(JSON.stringify([sort ?? [], shape])).digest('base64url').slice(0, 8);
};

export const encodeCursor = (scope: string, values: readonly unknown[]): string => Buffer.from(JSON.stringify([scope, ...values])).toString('base64url');

/** The values of a cursor made for this scope and `keyCount` sort keys; a foreign or damaged cursor is a 400. */
export const decodeCursor = <V>(cursor: string, scope: string, keyCount: number, isValue: (v: unknown) => v is V): V[] => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== keyCount + 1 || parsed[0] !== scope || !parsed.slice(1).every(isValue)) {
    throw invalid('INVALID_CURSOR', 'the cursor does not belong to this query');
  }
  return parsed.slice(1);
};
