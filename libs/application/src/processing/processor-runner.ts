import { Logger } from '@nestjs/common';
import { type EventStore, type Position, type RecordedEvent, START_POSITION, type Subscription } from '../../../eventstore/src/port';
import type { ReadStore } from '../../../readstore/src/port';
import { LagSamples } from './lag-samples';
import { endRefusal, refusedHead } from './log-loss-refusals';
import { PositionWaiters } from './position-waiters';
import type { Processor } from './processor';
import type { ProcessorStatus } from './processor-status';

export type ProcessorRunnerOptions = {
  readonly processor: Processor;
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  /** Events per subscription batch, hence per read-store transaction. */
  readonly batchSize?: number;
  readonly lagSampleSize?: number;
  /** Clock for lag measurement (ms since epoch); injectable for tests. */
  readonly now?: () => number;
};

const maxOf = (a: Position, b: Position): Position => (a > b ? a : b);
const RESUME_FIRST_DELAY_MS = 250;
const RESUME_MAX_DELAY_MS = 30_000;
const errorText = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
const logger = new Logger('processors');
const REPEAT_LOG_MS = 30_000;

/**
 * Drives one processor from its checkpoint: each delivered batch is applied in order
 * inside one `applyBatch`, so its effects and the new checkpoint commit together. A batch
 * that throws is rethrown to the subscription, which drops, backs off and delivers the
 * same events again; nothing of the failed attempt was written.
 */
export class ProcessorRunner {
  readonly name: string;
  private readonly types: ReadonlySet<string>;
  private readonly lag: LagSamples;
  private readonly waiters = new PositionWaiters();
  private readonly progressListeners = new Set<() => void>();
  private releaseCount = 0;
  private readonly now: () => number;

  /** Bumped by every start and stop: callbacks of an older subscription are ignored. */
  private generation = 0;
  private running = false;
  private subscription: Subscription | null = null;
  private inFlight: Promise<void> | null = null;
  /** A head reported while a batch was still committing; counted as seen once it commits. */
  private pendingHead: Position | null = null;
  private lastThrown: unknown = undefined;
  /** Set while `restartWith` runs its change: starts and stops are then wishes, granted after it. */
  private pausedFor: { wantRunning: boolean } | null = null;

  private position: Position = START_POSITION;
  private seen: Position = START_POSITION;
  private caughtUp = false;
  private errors = 0;
  private lastError: string | null = null;
  private lastLogged: { readonly text: string; readonly at: number } | null = null;

  constructor(private readonly options: ProcessorRunnerOptions) {
    this.name = options.processor.name;
    this.types = new Set(options.processor.eventTypes);
    this.lag = new LagSamples(options.lagSampleSize);
    this.now = options.now ?? Date.now;
  }

  async start(): Promise<void> {
    if (this.pausedFor) return void (this.pausedFor.wantRunning = true);
    if (this.running) return;
    this.running = true;
    const generation = ++this.generation;
    const { processor, readStore, eventStore, batchSize } = this.options;
    let from: Position;
    try {
      for (const collection of processor.collections) await readStore.ensureCollection(collection.name, collection.indexes);
      from = (await readStore.getCheckpoint(this.name)) ?? START_POSITION;
      if (from > START_POSITION) await this.requireInLog(from);
      else await endRefusal(readStore, this.name);
    } catch (error) {
      if (generation === this.generation) this.running = false; // let a later start() try again
      throw error;
    }
    if (generation !== this.generation) return; // stopped while starting
    this.position = from;
    this.markSeen(from);
    this.subscription = eventStore.subscribe(
      { fromPosition: from, filter: { eventTypes: processor.eventTypes }, batchSize },
      {
        onEvents: (events) => this.onEvents(generation, events),
        onCaughtUp: (head) => this.onCaughtUp(generation, head),
        onDropped: (error) => this.onDropped(generation, error),
      },
    );
  }

  /** Stops delivery and waits for a batch in progress; callers still waiting get false. */
  async stop(): Promise<void> {
    if (this.pausedFor) this.pausedFor.wantRunning = false;
    else await this.halt();
    this.waiters.releaseAll();
    this.releaseCount++;
    this.progressed();
  }

  /** Rebuild from zero: drop this processor's documents and checkpoint, then replay the log. */
  async rebuild(): Promise<void> {
    await this.halt();
    this.position = START_POSITION;
    this.seen = START_POSITION; // from here, waiters wait for the rebuilt model, not the dropped one
    this.progressed();
    this.lag.clear();
    await this.options.readStore.reset(this.name, this.options.processor.collections.map((c) => c.name));
    await this.start();
  }

  /**
   * Pauses delivery (after the batch in hand), runs `change` — e.g. a switch of the generation
   * it writes to — and resumes from the checkpoint. Callers waiting for a position keep
   * waiting across the pause instead of being released. Starts and stops that come in meanwhile
   * (a lease lost, or lost and taken again) are held until the change is done, the last one
   * deciding whether the runner resumes: a start during the change would read, and write to,
   * the generation of before it, and apply events the change did not account for.
   */
  async restartWith(change: () => Promise<void>): Promise<void> {
    if (this.pausedFor) throw new Error(`${this.name}: already paused for a change`);
    const paused = { wantRunning: this.running };
    this.pausedFor = paused;
    try {
      await this.halt();
      await change();
    } finally {
      this.pausedFor = null;
      if (paused.wantRunning) {
        // Its lease is held, and the leases start a runner only when they take one: a failed
        // resume is tried again here, or the projection would stand still until a takeover.
        await this.start().catch((error: unknown) => {
          this.resumeLater(RESUME_FIRST_DELAY_MS);
          throw error;
        });
      }
    }
  }

  /** Starts again after `delayMs` (then twice as long, up to 30 s) unless started or stopped meanwhile. */
  private resumeLater(delayMs: number): void {
    const generation = this.generation;
    setTimeout(() => {
      if (this.running || generation !== this.generation) return;
      this.start().catch(() => this.resumeLater(Math.min(2 * delayMs, RESUME_MAX_DELAY_MS)));
    }, delayMs).unref();
  }

  /** Whether this processor reads events of this type (its read model may change because of it). */
  handles(type: string): boolean {
    return this.types.has(type);
  }

  /** The event types it reads. */
  get eventTypes(): readonly string[] {
    return this.options.processor.eventTypes;
  }

  /** Whether this processor may append follow-up events (a reactor that issues commands). */
  get appendsFollowUps(): boolean {
    return this.options.processor.appendsFollowUps === true;
  }

  /** True as soon as everything up to `position` has been seen; false after `timeoutMs`. */
  waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    return this.seen >= position ? Promise.resolve(true) : this.waiters.wait(position, timeoutMs);
  }

  /** Everything up to here has been seen (what `waitFor` compares with). */
  get seenPosition(): Position {
    return this.seen;
  }

  /** How many times `stop` has let its waiters go (answered false). */
  get releases(): number {
    return this.releaseCount;
  }

  /**
   * Told, synchronously, each time `seenPosition` or `releases` changes: enough for another
   * thread to keep a copy of this runner's waits (see SeenMirror). Returns the unregister function.
   */
  onProgress(listener: () => void): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  status(): ProcessorStatus {
    const [lagP50Ms, lagP99Ms] = this.lag.percentiles(50, 99);
    return {
      name: this.name,
      running: this.running,
      position: this.position.toString(),
      seenPosition: this.seen.toString(),
      caughtUp: this.caughtUp,
      lagP50Ms,
      lagP99Ms,
      errors: this.errors,
      lastError: this.lastError,
    };
  }

  /**
   * A checkpoint beyond the log's head means the log lost events this processor has applied: a
   * backup of the log restored under newer read models, a power cut with
   * `JOBLEDGER_SQLITE_SYNC=normal`, or a read store that belongs to another log. New events
   * would be appended at positions it counts as done and skipped for good, so it does not run:
   * its read models must be deleted and rebuilt from the log (docs/operations.md, "Backup and
   * restore"). A blue-green rebuild is not taken for it: the coordinator builds only beside a
   * runner that runs.
   * The head is read after the checkpoint, so a live log that only grew never trips this; the
   * refusal is kept, so a log that grows past the checkpoint meanwhile does not lift it.
   */
  private async requireInLog(checkpoint: Position): Promise<void> {
    const { eventStore, readStore } = this.options;
    const head = await refusedHead(readStore, this.name, checkpoint, await eventStore.headPosition());
    if (head === null) return;
    const error = new Error(
      `checkpoint ${checkpoint} was found beyond the log's head ${head}: the log has lost events this processor applied ` +
        '(a restored backup, a power cut with JOBLEDGER_SQLITE_SYNC=normal) or the read store belongs to another log; ' +
        'it will not run until its read models are deleted, to be rebuilt from the log at the next start (docs/operations.md, "Backup and restore")',
    );
    error.name = 'CheckpointAheadOfLog';
    this.recordError(error);
    throw error;
  }

  private async halt(): Promise<void> {
    this.generation++;
    this.running = false;
    this.caughtUp = false;
    this.pendingHead = null;
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.stop();
    await this.inFlight?.catch(() => undefined); // its failure was already reported
  }

  private async onEvents(generation: number, events: readonly RecordedEvent[]): Promise<void> {
    if (generation !== this.generation || events.length === 0) return;
    const batch = this.applyBatch(events);
    this.inFlight = batch;
    try {
      await batch;
    } finally {
      if (this.inFlight === batch) this.inFlight = null;
    }
  }

  private async applyBatch(events: readonly RecordedEvent[]): Promise<void> {
    const last = events[events.length - 1].position;
    // Re-deliveries of committed events and types the store did not filter are skipped.
    const relevant = events.filter((e) => e.position > this.position && this.types.has(e.type));
    if (relevant.length > 0) {
      try {
        await this.options.readStore.applyBatch(this.name, last, async (writer) => {
          const { processor } = this.options;
          if (processor.applyBatch) await processor.applyBatch(relevant, writer);
          else for (const event of relevant) await processor.apply(event, writer);
        });
      } catch (error) {
        this.recordError(error);
        this.lastThrown = error;
        this.pendingHead = null; // the head is not seen until these events are redelivered
        throw error;
      }
      const committedAt = this.now();
      for (const event of relevant) this.lag.add(committedAt - Date.parse(event.recordedAt));
      this.position = last;
    }
    this.markSeen(last);
    if (this.pendingHead !== null) this.markSeen(this.pendingHead);
    this.pendingHead = null;
  }

  /** A filtered subscription has still seen every event up to the head it reports. */
  private onCaughtUp(generation: number, head: Position): void {
    if (generation !== this.generation) return;
    this.caughtUp = true;
    if (this.inFlight) this.pendingHead = maxOf(this.pendingHead ?? head, head);
    else this.markSeen(head);
  }

  private onDropped(generation: number, error: unknown): void {
    if (generation !== this.generation) return;
    this.caughtUp = false;
    if (error !== this.lastThrown) this.recordError(error); // our own throw is counted already
    this.lastThrown = undefined;
  }

  private recordError(error: unknown): void {
    this.errors++;
    this.lastError = errorText(error);
    // The log is where an operator sees why: /health shows the text only to admins and auditors.
    // The same failure again (a retry, a lease round's start) is logged at most every 30 s.
    const now = this.now();
    if (this.lastLogged?.text === this.lastError && now - this.lastLogged.at < REPEAT_LOG_MS) return;
    this.lastLogged = { text: this.lastError, at: now };
    logger.warn(`${this.name}: ${this.lastError} (failure ${this.errors}; tried again with backoff)`);
  }

  private markSeen(position: Position): void {
    if (position <= this.seen) return;
    this.seen = position;
    this.waiters.advance(position);
    this.progressed();
  }

  private progressed(): void {
    for (const listener of this.progressListeners) listener();
  }
}
