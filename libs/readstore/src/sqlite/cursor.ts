import { decodeCursor as decodeWith, encodeCursor as encode } from '../cursor-codec';
import type { SqlValue } from './filter-sql';

/** What SQLite compared: booleans as 0/1, a missing field as NULL. */
const isSqlValue = (v: unknown): v is SqlValue => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

export const encodeCursor = (scope: string, values: readonly SqlValue[]): string => encode(scope, values);

export const decodeCursor = (cursor: string, scope: string, keyCount: number): SqlValue[] => decodeWith(cursor, scope, keyCount, isSqlValue);
