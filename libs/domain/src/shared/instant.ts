const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * An ISO-8601 date or date-time as epoch milliseconds, else NaN. `Date.parse` alone rolls an
 * impossible date over (2026-02-30 becomes 2026-03-02, 24:00 the next day), so a time filter
 * would answer for another moment than the one asked: each field is checked against the calendar.
 */
export const isoInstant = (text: string): number => {
  const m = ISO.exec(text);
  if (!m) return NaN;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? 0));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // Date.UTC would read years 0–99 as 1900–1999
  const onCalendar = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!onCalendar || hour > 23 || minute > 59 || second > 59) return NaN;
  return Date.parse(text);
};
