import { MAX_JOB_DEPTH } from '../../../domain/src/shared/ids';
import type { Position } from '../../../eventstore/src/port';

/**
 * One round per link of the deepest chain of follow-ups. A completion takes two (RecordSealed,
 * then SignalEmitted). Cancelling a root takes one per level below it (the child's JobCancelled,
 * then the grandchild's), plus the running attempt's end that the last one posts on its
 * parent's thread: as many as jobs have levels.
 */
export const DEFAULT_FOLLOW_UP_ROUNDS = MAX_JOB_DEPTH;

/** What a settle needs of a processor: which events it handles, and a wait for a position it has seen. */
export interface SettleRunner {
  handles(type: string): boolean;
  /** A reactor that appends follow-up events. */
  readonly appendsFollowUps: boolean;
  /** True as soon as everything up to `position` has been seen; false after `timeoutMs`. */
  waitFor(position: Position, timeoutMs: number): Promise<boolean>;
}

/**
 * Waits until the runners that handle `eventTypes` (a command's events; all of them when not
 * given) have seen `position`, the command's last event. Only when one of those types makes a
 * reactor append follow-ups (a completion → record → signal) does it then wait for everything
 * up to the head, read again up to `followUpRounds` times (each round stops early when the
 * head did not move). A command that only touches one read model therefore waits for that
 * one, not for other writers' events under load. Without follow-ups: every runner of those
 * types, the reactors included (they have appended their follow-ups), but not the head they
 * moved. False on timeout.
 */
export const settleRunners = async (
  runners: readonly SettleRunner[],
  head: () => Promise<Position>,
  followUpRounds: number,
  position: Position,
  timeoutMs: number,
  eventTypes?: readonly string[],
  followUps = true,
): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  const handled = eventTypes ? runners.filter((r) => eventTypes.some((t) => r.handles(t))) : runners;
  if (!(await seenBy(handled, position, timeoutMs))) return false;
  if (!followUps) return true;
  if (eventTypes && !runners.some((r) => r.appendsFollowUps && eventTypes.some((t) => r.handles(t)))) return true;
  let target = position;
  for (let round = 0; round < followUpRounds; round++) {
    const current = await head();
    if (current <= target) return true;
    target = current;
    if (!(await seenBy(runners, target, deadline - Date.now()))) return false;
  }
  return true;
};

const seenBy = async (runners: readonly SettleRunner[], position: Position, timeoutMs: number): Promise<boolean> => {
  const reached = await Promise.all(runners.map((r) => r.waitFor(position, Math.max(0, timeoutMs))));
  return reached.every(Boolean);
};
