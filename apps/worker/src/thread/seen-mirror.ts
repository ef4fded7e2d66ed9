import { PositionWaiters } from '../../../../libs/application/src/processing/position-waiters';
import { DEFAULT_FOLLOW_UP_ROUNDS, settleRunners, type SettleRunner } from '../../../../libs/application/src/processing/settle-runners';
import { START_POSITION, type Position } from '../../../../libs/eventstore/src/port';

/** What the API's thread is told of each of the processors' thread's runners, once, at its start. */
export type MirroredProcessor = { readonly name: string; readonly eventTypes: readonly string[]; readonly appendsFollowUps: boolean };

/** One runner's state as pushed: everything up to `seen` is seen; `releases` counts its stops. */
export type SeenUpdate = readonly [name: string, seen: Position, releases: number];

/** A runner of the other thread as far as a settle needs it: its waits, woken by the thread's pushes. */
class MirroredRunner implements SettleRunner {
  readonly appendsFollowUps: boolean;
  private readonly types: ReadonlySet<string>;
  private readonly waiters = new PositionWaiters();
  private seen: Position = START_POSITION;
  private releases = 0;

  constructor(processor: MirroredProcessor) {
    this.types = new Set(processor.eventTypes);
    this.appendsFollowUps = processor.appendsFollowUps;
  }

  handles(type: string): boolean {
    return this.types.has(type);
  }

  waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    return this.seen >= position ? Promise.resolve(true) : this.waiters.wait(position, timeoutMs);
  }

  update(seen: Position, releases: number): void {
    this.seen = seen; // lower after a rebuild: waits are then for the rebuilt model, as the runner's
    this.waiters.advance(seen);
    // Then: the runner stopped and let its other waiters go (answered false), so are the ones here.
    if (releases !== this.releases) this.waiters.releaseAll();
    this.releases = releases;
  }

  releaseAll(): void {
    this.waiters.releaseAll();
  }
}

/**
 * The processors' thread's runners, mirrored on the API's thread from what the thread pushes
 * after each batch (one message per batch, whatever the number of commands waiting): a
 * command's read-your-writes is then answered here, the moment the push arrives, with no
 * request to the thread and its answer per command. The same rules as on the thread
 * (settleRunners); follow-ups are followed to the head of this thread's store of the file.
 * Usable only while the thread holds every processor's lease — the runners then answer for
 * all of them; otherwise the thread is asked, and waits on the stored checkpoints.
 */
export class SeenMirror {
  private readonly runners = new Map<string, MirroredRunner>();
  private readonly all: readonly MirroredRunner[];
  private holdsAll = false;

  constructor(
    processors: readonly MirroredProcessor[],
    private readonly head: () => Promise<Position>,
  ) {
    for (const processor of processors) this.runners.set(processor.name, new MirroredRunner(processor));
    this.all = [...this.runners.values()];
  }

  /** False until the thread's first push, and whenever the thread does not hold every lease. */
  get usable(): boolean {
    return this.holdsAll;
  }

  update(holdsAll: boolean, updates: readonly SeenUpdate[]): void {
    for (const [name, seen, releases] of updates) this.runners.get(name)?.update(seen, releases);
    this.holdsAll = holdsAll;
  }

  settle(position: Position, timeoutMs: number, eventTypes?: readonly string[], followUps = true): Promise<boolean> {
    return settleRunners(this.all, this.head, DEFAULT_FOLLOW_UP_ROUNDS, position, timeoutMs, eventTypes, followUps);
  }

  /** The thread is gone: nothing will be seen any more, so whoever waits is answered false now. */
  close(): void {
    this.holdsAll = false;
    for (const runner of this.all) runner.releaseAll();
  }
}
