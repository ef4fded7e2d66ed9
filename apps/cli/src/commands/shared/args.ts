import { InvalidArgumentError } from 'commander';
import type { Assignee } from '../../../../../libs/domain/src/shared/assignee';
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

export const parseWhole = (min: number) => (value: string): number => {
  if (!/^\d+$/.test(value) || Number(value) < min) throw new InvalidArgumentError(`a whole number, ${min} or more`);
  return Number(value);
};

/** Seconds between polls, fractions allowed (a test or an impatient person), at least 0.1. */
export const parseInterval = (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0.1) throw new InvalidArgumentError('seconds between polls, 0.1 or more');
  return n;
};

/** `--assignee operator:ana` / `agent:bot-1` as the API's assignee object. */
export const parseAssignee = (value: string): Assignee => {
  const m = /^(operator|agent):(.+)$/.exec(value);
  if (!m) throw new InvalidArgumentError('operator:<slug> or agent:<id>');
  return m[1] === 'operator' ? { kind: 'operator', slug: m[2] } : { kind: 'agent', agentId: m[2] };
};
