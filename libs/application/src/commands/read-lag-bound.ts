import type { Position } from '../../../eventstore/src/port';
import type { Settler } from './command-gateway';

type Appended = { readonly position: Position; readonly eventTypes: readonly string[]; readonly at: number };

export type ReadLagBoundOptions = {
  /** How far (ms) the read models may trail this process's commands; 0 turns the bound off. */
  readonly boundMs: number;
  /**
   * The longest a command waits, in all; a settle that takes longer means the read models are
   * stalled, not slow.
   */
  readonly maxWaitMs: number;
  /** While stalled, commands go through without waiting for this long. */
  readonly stalledPauseMs?: number;
  /** A monotonic clock in ms; injectable for tests. */
  readonly now?: () => number;
  /** Told how long (s) each command that had to wait waited. */
  readonly onWait?: (seconds: number) => void;
};

const DEFAULT_STALLED_PAUSE_MS = 5_000;

/**
 * Bounded staleness: a command is admitted only while every earlier command of this process
 * has reached its read models within `boundMs`. When the processors fall behind (more commands
 * than they can apply), commands wait for them instead of letting the read models trail further
 * and further — overload slows writers rather than staling every reader.
 *
 * Commands are remembered with the position and event types they appended. While any is
 * remembered, one settle (the same wait read-your-writes uses) is kept asked in the background
 * for all of them, so what is known applied trails the processors by one settle at most;
 * commands wait for it only when the oldest not known applied passes the bound. So a system
 * that keeps up pays no wait, and one settle is shared by all waiting commands.
 * A settle that times out means the processors are stalled or absent (another process may run
 * them): commands then stop waiting for `stalledPauseMs`, so a stalled worker cannot stop the
 * API; /health reports the lag.
 */
export class ReadLagBound {
  private pending: Appended[] = [];
  private settling: Promise<void> | null = null;
  private pausedUntil = -Infinity;
  /** The bound's clock (monotonic ms). */
  readonly now: () => number;
  private readonly stalledPauseMs: number;

  constructor(
    private readonly settler: Settler,
    private readonly options: ReadLagBoundOptions,
  ) {
    this.now = options.now ?? (() => performance.now());
    this.stalledPauseMs = options.stalledPauseMs ?? DEFAULT_STALLED_PAUSE_MS;
  }

  get enabled(): boolean {
    return this.options.boundMs > 0;
  }

  /** Before a command: resolves at once unless the oldest unapplied command is past the bound. */
  async admit(): Promise<void> {
    if (!this.enabled) return;
    let waitedSince: number | null = null;
    for (;;) {
      const oldest = this.pending[0];
      const now = this.now();
      if (oldest === undefined) break;
      this.settling ??= this.settleAll();
      if (now - oldest.at < this.options.boundMs || now < this.pausedUntil) break;
      waitedSince ??= now;
      if (now - waitedSince >= this.options.maxWaitMs) break; // overload, not a stall: go on
      await this.settling;
    }
    if (waitedSince !== null) this.options.onWait?.((this.now() - waitedSince) / 1000);
  }

  /**
   * After a command appended: its events count until the read models have them. Their age is
   * counted from `since` (default now); the runner passes the moment the command began, which
   * is no later than the events' recording, so the bound errs towards waiting.
   */
  appended(position: Position, eventTypes: readonly string[], since: number = this.now()): void {
    if (!this.enabled) return;
    // Kept oldest first: commands finish out of order, mostly by little, so the place is near the end.
    let i = this.pending.length;
    while (i > 0 && this.pending[i - 1].at > since) i--;
    this.pending.splice(i, 0, { position, eventTypes, at: since });
  }

  /**
   * A settle elsewhere (a command's read-your-writes) found the processors of `eventTypes` (all
   * of them when absent) past `position`: the commands at or before it whose events are all of
   * those types are applied, so the bound stops counting them without waiting for its own
   * settle, which trails by one round.
   */
  applied(position: Position, eventTypes?: readonly string[]): void {
    if (!this.enabled || this.pending.length === 0) return;
    const types = eventTypes ? new Set(eventTypes) : null;
    this.pending = this.pending.filter((p) => p.position > position || (types !== null && !p.eventTypes.every((t) => types.has(t))));
  }

  /** How many commands are remembered as not yet known applied. */
  get waiting(): number {
    return this.pending.length;
  }

  private async settleAll(): Promise<void> {
    const old = [...this.pending];
    const position = old.reduce((max, p) => (p.position > max ? p.position : max), old[0].position);
    const eventTypes = [...new Set(old.flatMap((p) => p.eventTypes))];
    let settled = false;
    try {
      // The processors of these events, reactors included; follow-ups' own read models count from when appended.
      settled = await this.settler.settle(position, this.options.maxWaitMs, eventTypes, false);
    } catch {
      settled = false; // the processors' side failed: as stalled as a timeout
    }
    // Processors apply in log order: having seen `position`, they have seen everything before it.
    const done = new Set(old);
    this.pending = this.pending.filter((p) => !done.has(p));
    if (!settled) this.pausedUntil = this.now() + this.stalledPauseMs;
    this.settling = null;
  }
}
