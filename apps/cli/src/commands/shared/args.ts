import { InvalidArgumentError } from 'commander';
import { assigneeOfKey, type Assignee } from '../../../../../libs/domain/src/shared/assignee';
import { isoInstant } from '../../../../../libs/domain/src/shared/instant';
import { sinceInstant } from '../../../../../libs/application/src/jobs/list-filter';

/**
 * `--since 1h` checked before it travels: the server reads the same forms (90s, 30m, 1h, 2d
 * or an ISO time), so the value is passed on as typed and a typo is a usage error here.
 */
export const parseSince = (value: string): string => {
  try {
    sinceInstant(value, new Date());
    return value;
  } catch {
    throw new InvalidArgumentError('a duration back from now (90s, 30m, 1h, 2d) or an ISO time (2026-01-31T12:00:00Z)');
  }
};

/**
 * A whole number from `min` to `max`: anything else is a usage error here (exit 2), not a
 * number the server refuses (exit 1) or, worse, one it takes (an expired token, a poll every
 * millisecond). Digits only: no sign, fraction, exponent or hexadecimal.
 */
export const parseWhole = (min: number, max = Number.MAX_SAFE_INTEGER) => (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new InvalidArgumentError(max === Number.MAX_SAFE_INTEGER ? `a whole number, ${min} or more` : `a whole number from ${min} to ${max}`);
  }
  return n;
};

/** Longer than this between looks is no longer following; a timer would also fire at once past 2^31 ms. */
const MAX_INTERVAL_SECONDS = 3_600;

/**
 * Seconds between polls, fractions allowed (a test or an impatient person), from 0.1 to an
 * hour. Digits and a fraction only: Number() alone would take a sign, an exponent, hexadecimal.
 */
export const parseInterval = (value: string): number => {
  const n = Number(value);
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(value) || n < 0.1 || n > MAX_INTERVAL_SECONDS) throw new InvalidArgumentError(`seconds between polls, from 0.1 to ${MAX_INTERVAL_SECONDS}`);
  return n;
};

/** A thread message's seq, or an ISO time (what the server reads: up to nine digits, or a date with a time). */
export const parseMessageSince = (value: string): string => {
  if (/^\d{1,9}$/.test(value) || (/^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(isoInstant(value)))) return value;
  throw new InvalidArgumentError('a message seq (0, 1, 2…) or an ISO time (2026-01-31T12:00:00Z)');
};

/** `--assignee operator:ana` / `agent:bot-1` as the API's assignee object. */
export const parseAssignee = (value: string): Assignee => {
  const assignee = assigneeOfKey(value);
  if (!assignee) throw new InvalidArgumentError('operator:<slug> or agent:<id>');
  return assignee;
};

/** `--assignee` as a filter: the same two forms, checked here and passed on as typed. */
export const parseAssigneeFilter = (value: string): string => {
  parseAssignee(value);
  return value;
};

/** Text that must say something (a token's subject, an address to bind): empty is a usage error here, not a value the server then refuses. */
export const parseNonEmpty = (what: string) => (value: string): string => {
  if (value.trim() === '') throw new InvalidArgumentError(`${what}, not empty`);
  return value;
};

/**
 * A data directory named on the line: empty (`--data-dir "$UNSET"`) is a usage error, as an
 * empty JOBLEDGER_DATA_DIR is refused, not the environment's or ./data opened instead.
 */
export const parseDataDir = parseNonEmpty('a data directory');
