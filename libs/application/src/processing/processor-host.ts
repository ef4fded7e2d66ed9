import type { EventStore, Position } from '../../../eventstore/src/port';
import type { ProcessorRunner } from './processor-runner';
import type { ProcessorStatus } from './processor-status';

export type ProcessorHostOptions = {
  /**
   * How many times `settle` follows the head when reactors appended follow-ups. The
   * deepest chain of SPEC §3 needs two (completion → RecordSealed → SignalEmitted);
   * each round stops early when the head did not move.
   */
  readonly followUpRounds?: number;
};

/** All the processors of one process: started, stopped and observed together. */
export class ProcessorHost {
  private readonly runners = new Map<string, ProcessorRunner>();
  private readonly followUpRounds: number;

  constructor(
    private readonly eventStore: EventStore,
    runners: readonly ProcessorRunner[] = [],
    options: ProcessorHostOptions = {},
  ) {
    this.followUpRounds = options.followUpRounds ?? 2;
    for (const runner of runners) this.add(runner);
  }

  add(runner: ProcessorRunner): void {
    if (this.runners.has(runner.name)) throw new Error(`processor ${runner.name} is already hosted`);
    this.runners.set(runner.name, runner);
  }

  runner(name: string): ProcessorRunner | undefined {
    return this.runners.get(name);
  }

  async startAll(): Promise<void> {
    await Promise.all([...this.runners.values()].map((r) => r.start()));
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.runners.values()].map((r) => r.stop()));
  }

  status(): ProcessorStatus[] {
    return [...this.runners.values()].map((r) => r.status());
  }

  /**
   * Waits until the processors that handle `eventTypes` (a command's events; all of them when
   * not given) have seen `position`, the command's last event. Only when one of those types
   * makes a reactor append follow-ups (a completion → record → signal) does it then wait for
   * everything up to the head, read again up to `followUpRounds` times. A command that only
   * touches one read model therefore waits for that one, not for other writers' events under
   * load. False on timeout.
   */
  async settle(position: Position, timeoutMs: number, eventTypes?: readonly string[], followUps = true): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let target = position;
    const runners = [...this.runners.values()];
    const handled = eventTypes ? runners.filter((r) => eventTypes.some((t) => r.handles(t))) : runners;
    // Without follow-ups: the read models only, not the reactors that would append them.
    const concerned = followUps ? handled : handled.filter((r) => !r.appendsFollowUps);
    if (!(await this.seenBy(concerned, target, timeoutMs))) return false;
    if (!followUps) return true;
    if (eventTypes && !runners.some((r) => eventTypes.some((t) => r.followsUp(t)))) return true;
    for (let round = 0; round < this.followUpRounds; round++) {
      const head = await this.eventStore.headPosition();
      if (head <= target) return true;
      target = head;
      if (!(await this.allSeen(target, deadline - Date.now()))) return false;
    }
    return true;
  }

  private allSeen(position: Position, timeoutMs: number): Promise<boolean> {
    return this.seenBy([...this.runners.values()], position, timeoutMs);
  }

  private async seenBy(runners: readonly ProcessorRunner[], position: Position, timeoutMs: number): Promise<boolean> {
    const reached = await Promise.all(runners.map((r) => r.waitFor(position, Math.max(0, timeoutMs))));
    return reached.every(Boolean);
  }
}
