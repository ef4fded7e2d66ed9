const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/*
 * Read models hold times as ISO text in UTC and compare them as text, which orders instants only
 * within four-digit years: an instant past 9999 is written `+010000-…`, and `+` sorts before
 * every digit, so it would be "before" every stored time.
 */
const FIRST = Date.parse('0000-01-01T00:00:00.000Z');
const LAST = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * An ISO-8601 date or date-time as epoch milliseconds, else NaN. `Date.parse` alone rolls an
 * impossible date over (2026-02-30 becomes 2026-03-02, 24:00 the next day), so a time filter
 * would answer for another moment than the one asked: each field is checked against the calendar.
 * A date-time without a zone is UTC, as a date alone is (`Date.parse` would read it in the
 * server's own time zone, so the same request would mean another moment on another machine).
 */
export const isoInstant = (text: string): number => {
  const m = ISO.exec(text);
  if (!m) return NaN;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? 0));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // Date.UTC would read years 0–99 as 1900–1999
  const onCalendar = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!onCalendar || hour > 23 || minute > 59 || second > 59) return NaN;
  const hasTime = m[4] !== undefined;
  const at = Date.parse(hasTime && m[7] === undefined ? `${text}Z` : text);
  return at >= FIRST && at <= LAST ? at : NaN;
};
