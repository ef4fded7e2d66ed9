import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ReadStore } from '../../../readstore/src/port';

/** Something only one worker at a time may run: a processor's runner, the lease watchdog's sweep. */
export type LeasedWork = { readonly name: string; start(): Promise<void>; stop(): Promise<void> };

export type LeaseChange = { readonly name: string; readonly held: boolean; readonly reason: string };

export type ProcessorLeasesOptions = {
  readonly readStore: Pick<ReadStore, 'tryAcquireLease' | 'releaseLease' | 'getLease'>;
  readonly works: readonly LeasedWork[];
  /** Unique per process: see `newHolderId`. */
  readonly holder: string;
  readonly ttlMs: number;
  /**
   * Whether a lease's holder certainly no longer runs (see `holderIsGone`): its unexpired lease
   * is then taken at once instead of after it lapses. Unset: every lease lapses.
   */
  readonly isGone?: (holder: string) => boolean;
  /** Epoch milliseconds; injectable for tests. Must be the clock the read store judges expiry by. */
  readonly now?: () => number;
  /** Taken, lost, released, or a failure while trying: for the log. */
  readonly onChange?: (change: LeaseChange) => void;
  readonly onError?: (name: string, error: unknown) => void;
};

/** `host:pid:random`: readable in `/health` and in the leases table, and never reused by a restart. */
export const newHolderId = (): string => `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

type Slot = {
  readonly work: LeasedWork;
  /** Until when the last granted take or renewal holds (epoch ms, by our clock); null when not held. */
  validUntil: number | null;
};

/**
 * One active worker per processor. Every `renewEveryMs` each lease is taken or renewed; the
 * work starts once its lease is taken and stops at once when a renewal is refused (another
 * worker has it) or when the lease would lapse before a renewal got through (the store did not
 * answer, or this process was paused). `holds` turns false *before* the stored lease expires,
 * by `marginMs`: the fenced read store refuses to commit from then on, so a late batch of a
 * worker that lost its lease cannot land after a successor has started (see docs/operations.md
 * for the window that remains).
 */
export class ProcessorLeases {
  readonly renewEveryMs: number;
  readonly marginMs: number;
  private readonly slots: Slot[];
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly options: ProcessorLeasesOptions) {
    const { ttlMs } = options;
    // Three renewal chances per lease, and a lease treated as lost a quarter before it ends.
    this.renewEveryMs = Math.max(1, Math.floor(ttlMs / 3));
    this.marginMs = Math.floor(ttlMs / 4);
    this.now = options.now ?? Date.now;
    this.slots = options.works.map((work) => ({ work, validUntil: null }));
  }

  get holder(): string {
    return this.options.holder;
  }

  /** Takes what it can now, then keeps renewing and trying in the background. */
  async start(): Promise<void> {
    if (this.timer || this.stopped) return;
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.renewEveryMs);
  }

  /** One round of takes and renewals; rounds never overlap (a slow store skips a beat instead). */
  tick(): Promise<void> {
    return (this.round ??= Promise.all(this.slots.map((slot) => this.visit(slot))).then(
      () => { this.round = null; },
      () => { this.round = null; },
    ));
  }

  /** Whether this process may act for `name` right now (and commit what it applied). */
  holds(name: string): boolean {
    const slot = this.slots.find((s) => s.work.name === name);
    return slot !== undefined && this.valid(slot);
  }

  held(): string[] {
    return this.slots.filter((s) => this.valid(s)).map((s) => s.work.name);
  }

  holdsAll(): boolean {
    return this.slots.every((s) => this.valid(s));
  }

  /** Stops the work it holds (after the batch in hand), then gives the leases up so a successor starts at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.round;
    await Promise.all(
      this.slots.filter((s) => s.validUntil !== null).map(async (slot) => {
        await this.drop(slot, 'released');
        await this.options.readStore.releaseLease(slot.work.name, this.holder).catch((e: unknown) => this.options.onError?.(slot.work.name, e));
      }),
    );
  }

  private valid(slot: Slot): boolean {
    return slot.validUntil !== null && this.now() < slot.validUntil - this.marginMs;
  }

  private async visit(slot: Slot): Promise<void> {
    if (this.stopped) return;
    const name = slot.work.name;
    if (slot.validUntil !== null && !this.valid(slot)) await this.drop(slot, 'lapsed: not renewed in time');
    const askedAt = this.now(); // before the call: the store's expiry is at least this + ttl
    let granted: boolean;
    try {
      granted = await this.options.readStore.tryAcquireLease(name, this.holder, this.options.ttlMs);
    } catch (error) {
      this.options.onError?.(name, error); // a held lease stays until it lapses; the next round tries again
      return;
    }
    let reason = 'taken';
    if (!granted && slot.validUntil === null && this.options.isGone) {
      const gone = await this.goneHolder(name);
      if (gone !== null) {
        granted = await this.takeFrom(name, gone);
        if (granted) reason = `taken from ${gone}, which no longer runs`;
      }
    }
    if (this.stopped) {
      if (granted && slot.validUntil === null) await this.options.readStore.releaseLease(name, this.holder).catch(() => undefined);
      return;
    }
    if (!granted) {
      if (slot.validUntil !== null) await this.drop(slot, 'lost: another worker holds it');
      return;
    }
    const taken = slot.validUntil === null;
    slot.validUntil = askedAt + this.options.ttlMs;
    if (!taken) return;
    try {
      await slot.work.start();
      this.options.onChange?.({ name, held: true, reason });
    } catch (error) {
      this.options.onError?.(name, error);
      slot.validUntil = null;
      await this.options.readStore.releaseLease(name, this.holder).catch(() => undefined);
    }
  }

  /** The holder of the named lease when it is another that no longer runs; null otherwise, or when the store does not answer. */
  private async goneHolder(name: string): Promise<string | null> {
    try {
      const lease = await this.options.readStore.getLease(name);
      return lease && lease.holder !== this.holder && this.options.isGone?.(lease.holder) ? lease.holder : null;
    } catch (error) {
      this.options.onError?.(name, error);
      return null;
    }
  }

  /**
   * Releases the lease in the gone holder's name (only if it still has it), then takes it as any
   * free lease is taken: a live worker that takes it first keeps it.
   */
  private async takeFrom(name: string, gone: string): Promise<boolean> {
    try {
      await this.options.readStore.releaseLease(name, gone);
      return await this.options.readStore.tryAcquireLease(name, this.holder, this.options.ttlMs);
    } catch (error) {
      this.options.onError?.(name, error);
      return false;
    }
  }

  /** Fences first (nothing more commits), then stops the work. */
  private async drop(slot: Slot, reason: string): Promise<void> {
    slot.validUntil = null;
    try {
      await slot.work.stop();
    } catch (error) {
      this.options.onError?.(slot.work.name, error);
    }
    this.options.onChange?.({ name: slot.work.name, held: false, reason });
  }
}
