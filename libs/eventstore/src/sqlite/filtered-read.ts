import type { Database, Statement } from 'better-sqlite3';
import type { EventFilter, Position, RecordedEvent } from '../port';
import { isVerbatim, type Appended } from './append-notifier';
import { EVENT_COLUMNS, type EventRow } from './event-row';

type FilteredRead = Statement<unknown[], EventRow>;

/**
 * `readAll` with a filter. The SQL depends only on how many types and prefixes are given,
 * so one statement per shape is prepared and reused (subscriptions read with the same shape
 * on every batch).
 */
export class FilteredReader {
  private readonly cache = new Map<string, FilteredRead>();

  constructor(private readonly db: Database) {}

  read(after: Position, maxCount: number, filter: EventFilter): EventRow[] {
    const types = filter.eventTypes;
    const prefixes = filter.streamPrefixes;
    const params: unknown[] = [after, ...(types ?? []), ...(prefixes ?? []).flatMap((p) => [p, p]), maxCount];
    return this.statement(types?.length, prefixes?.length).all(...params);
  }

  private statement(typeCount: number | undefined, prefixCount: number | undefined): FilteredRead {
    const key = `${typeCount ?? '-'}:${prefixCount ?? '-'}`;
    let statement = this.cache.get(key);
    if (!statement) {
      statement = this.db.prepare<unknown[], EventRow>(filteredSql(typeCount, prefixCount));
      this.cache.set(key, statement);
    }
    return statement;
  }
}

// An empty list matches nothing ("only events of these types": none), which `IN ()` and an
// empty OR (written as 0) already mean in SQLite. substr() rather than LIKE/GLOB: exact,
// case-sensitive, and no wildcard characters to escape in stream names.
const filteredSql = (typeCount: number | undefined, prefixCount: number | undefined): string => {
  const where = ['position > ?'];
  if (typeCount !== undefined) where.push(`type IN (${Array(typeCount).fill('?').join(', ')})`);
  if (prefixCount !== undefined) {
    const one = 'substr(stream_id, 1, length(?)) = ?';
    where.push(prefixCount === 0 ? '0' : `(${Array(prefixCount).fill(one).join(' OR ')})`);
  }
  return `SELECT ${EVENT_COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY position LIMIT ?`;
};

/** No filter, or one that names neither types nor prefixes: every event passes. */
export const isUnfiltered = (filter: EventFilter | undefined): boolean =>
  !filter || (filter.eventTypes === undefined && filter.streamPrefixes === undefined);

/** Decides in memory, on an event as read back from the file, what `filteredSql` decides. */
export type EventMatcher = (event: RecordedEvent) => boolean;

/**
 * The SQL filter as a predicate, or undefined when it cannot be decided in memory exactly: a
 * type or prefix holding a surrogate or U+FFFD is bound as bytes that read back differently
 * (see `Appended.verbatim`), so only SQLite can compare it. Otherwise the two agree: `IN` is
 * exact equality, and `substr(stream_id, 1, length(p)) = p` is `startsWith(p)` except that
 * SQLite's `length` and `substr` stop at a NUL, so a prefix holding one matches nothing.
 */
export const eventMatcher = (filter: EventFilter | undefined): EventMatcher | undefined => {
  if (!filter || isUnfiltered(filter)) return () => true;
  const { eventTypes, streamPrefixes } = filter;
  if (!isVerbatim(eventTypes ?? []) || !isVerbatim(streamPrefixes ?? [])) return undefined;
  const types = eventTypes === undefined ? undefined : new Set(eventTypes);
  const prefixes = streamPrefixes?.filter((prefix) => !prefix.includes('\0'));
  return (event) =>
    (types === undefined || types.has(event.type)) &&
    (prefixes === undefined || prefixes.some((prefix) => event.streamId.startsWith(prefix)));
};

/**
 * Whether a filtered read could find any of the events a commit `appended`: false only when
 * none of its types or none of its streams can pass the filter, as the SQL above decides.
 * Types and prefixes are checked separately (a group may hold the type and the prefix in
 * different events), so this errs towards reading, never towards skipping a match.
 */
export const mayMatch = (filter: EventFilter | undefined, appended: Appended): boolean => {
  if (!filter || !appended.verbatim) return true;
  const { eventTypes, streamPrefixes } = filter;
  if (eventTypes !== undefined && !eventTypes.some((type) => appended.types.has(type))) return false;
  if (streamPrefixes !== undefined && !anyStartsWith(appended.streamIds, streamPrefixes)) return false;
  return true;
};

const anyStartsWith = (streamIds: ReadonlySet<string>, prefixes: readonly string[]): boolean => {
  for (const id of streamIds) for (const prefix of prefixes) if (id.startsWith(prefix)) return true;
  return false;
};
