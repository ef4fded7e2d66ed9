import { type EventStore, type Position, START_POSITION } from '../../../eventstore/src/port';
import type { ReadStore } from '../../../readstore/src/port';
import type { ProcessingStatus, ProcessorProgress, Settler } from '../commands/command-gateway';
import { standingRefusals } from './log-loss-refusals';
import type { Processor } from './processor';
import { DEFAULT_FOLLOW_UP_ROUNDS } from './settle-runners';

export type SettledProcessor = Pick<Processor, 'name' | 'eventTypes' | 'appendsFollowUps'>;

export type CheckpointSettlerOptions = {
  /** How often waiting commands look at the stored checkpoints again. */
  readonly pollMs?: number;
  /** As `ProcessorHost`'s: rounds of following the head when reactors appended follow-ups. */
  readonly followUpRounds?: number;
  readonly now?: () => number;
};

type Stored = { readonly checkpoints: ReadonlyMap<string, Position>; readonly refused: ReadonlySet<string> };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Read-your-writes for a process that runs no processors (`serve --role api`): it waits on
 * the checkpoints the workers store, polling. The semantics are `ProcessorHost.settle`'s:
 * only the processors that handle the command's event types, then — when one of those types
 * makes a reactor append — everything up to the head, up to `followUpRounds` times.
 *
 * A stored checkpoint moves only when a batch had events of the processor's types, so
 * "has seen `target`" is: checkpoint ≥ target, or no event of its types lies between its
 * checkpoint and target (one indexed read, repeated only once the checkpoint passes the
 * event found). All waiting commands share one read of the checkpoints per poll.
 *
 * A processor refused for a checkpoint beyond the log's head (log-loss-refusals.ts) is never
 * "reached", though its checkpoint is past every position: it applies nothing until its read
 * models are deleted, so a settle that needs it answers false at once.
 */
export class CheckpointSettler implements Settler {
  private readonly pollMs: number;
  private readonly followUpRounds: number;
  private readonly now: () => number;
  private snapshot: { readonly at: number; readonly stored: Promise<Stored> } | null = null;

  constructor(
    private readonly eventStore: EventStore,
    private readonly readStore: ReadStore,
    private readonly processors: readonly SettledProcessor[],
    options: CheckpointSettlerOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 5;
    this.followUpRounds = options.followUpRounds ?? DEFAULT_FOLLOW_UP_ROUNDS;
    this.now = options.now ?? Date.now;
  }

  async settle(position: Position, timeoutMs: number, eventTypes?: readonly string[], followUps = true): Promise<boolean> {
    const deadline = this.now() + timeoutMs;
    const handlesAny = (p: SettledProcessor) => eventTypes === undefined || eventTypes.some((t) => p.eventTypes.includes(t));
    const concerned = this.processors.filter(handlesAny);
    if (!(await this.reached(concerned, position, deadline))) return false;
    if (!followUps) return true;
    if (eventTypes && !this.processors.some((p) => p.appendsFollowUps === true && handlesAny(p))) return true;
    let target = position;
    for (let round = 0; round < this.followUpRounds; round++) {
      const head = await this.eventStore.headPosition();
      if (head <= target) return true;
      target = head;
      if (!(await this.reached(this.processors, target, deadline))) return false;
    }
    return true;
  }

  /** This process runs no processors: it reports none (their progress is in `progress`). */
  status(): readonly ProcessingStatus[] {
    return [];
  }

  async progress(): Promise<readonly ProcessorProgress[]> {
    const now = this.now();
    const stored = await Promise.all(
      this.processors.map(async ({ name }) => {
        const [checkpoint, lease] = await Promise.all([this.readStore.getCheckpoint(name), this.readStore.getLease(name)]);
        const live = lease !== null && lease.expiresAt > now;
        return { name, checkpoint, holder: live ? lease.holder : null, leaseExpiresAt: live ? new Date(lease.expiresAt).toISOString() : null };
      }),
    );
    const refused = await standingRefusals(this.readStore, new Map(stored.map((p) => [p.name, p.checkpoint])));
    return stored.map((p) => ({ ...p, checkpoint: p.checkpoint === null ? null : p.checkpoint.toString(), refused: refused.has(p.name) }));
  }

  private async reached(processors: readonly SettledProcessor[], target: Position, deadline: number): Promise<boolean> {
    // Per processor: the position it must reach before it is worth asking the log again.
    const waitingFor = new Map<SettledProcessor, Position>(processors.map((p) => [p, START_POSITION]));
    for (;;) {
      const { checkpoints, refused } = await this.stored();
      if (processors.some((p) => refused.has(p.name))) return false;
      for (const [processor, next] of waitingFor) {
        const checkpoint = checkpoints.get(processor.name) ?? START_POSITION;
        if (checkpoint >= target) waitingFor.delete(processor);
        else if (checkpoint >= next) {
          const pending = await this.nextHandled(processor, checkpoint);
          if (pending === null || pending > target) waitingFor.delete(processor);
          else waitingFor.set(processor, pending);
        }
      }
      if (waitingFor.size === 0) return true;
      const left = deadline - this.now();
      if (left <= 0) return false;
      await sleep(Math.min(this.pollMs, left));
    }
  }

  /** The position of the first event after `checkpoint` that the processor handles, if any. */
  private async nextHandled(processor: SettledProcessor, checkpoint: Position): Promise<Position | null> {
    const [next] = await this.eventStore.readAll({ fromPosition: checkpoint, maxCount: 1, filter: { eventTypes: processor.eventTypes } });
    return next === undefined ? null : next.position;
  }

  /** Every processor's checkpoint and the refusals standing, read at most once per poll for all the commands waiting. */
  private stored(): Promise<Stored> {
    const now = this.now();
    if (this.snapshot === null || now - this.snapshot.at >= this.pollMs) {
      const stored = Promise.all(this.processors.map(async (p) => [p.name, (await this.readStore.getCheckpoint(p.name)) ?? START_POSITION] as const))
        .then(async (entries) => {
          const checkpoints = new Map(entries);
          return { checkpoints, refused: await standingRefusals(this.readStore, checkpoints) };
        });
      stored.catch(() => { if (this.snapshot?.stored === stored) this.snapshot = null; });
      this.snapshot = { at: now, stored };
    }
    return this.snapshot.stored;
  }
}
