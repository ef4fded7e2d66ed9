import { decodeCursor as decodeWith, encodeCursor as encode } from '../cursor-codec';

/** A sort value a cursor can carry: what JSON documents hold in a sortable field (missing as null). */
export type KeyValue = string | number | boolean | null;

/** JSON keeps 1, '1' and true apart, as MongoDB does. */
const isKeyValue = (v: unknown): v is KeyValue =>
  v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

export const encodeCursor = (scope: string, values: readonly KeyValue[]): string => encode(scope, values);

export const decodeCursor = (cursor: string, scope: string, keyCount: number): KeyValue[] => decodeWith(cursor, scope, keyCount, isKeyValue);
