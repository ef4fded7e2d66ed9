import type { EventStore, Position } from '../../../eventstore/src/port';
import type { ProcessorRunner } from './processor-runner';
import type { ProcessorStatus } from './processor-status';
import { DEFAULT_FOLLOW_UP_ROUNDS, settleRunners } from './settle-runners';

export type ProcessorHostOptions = {
  /** How many times `settle` follows the head when reactors appended follow-ups (see settleRunners). */
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
    this.followUpRounds = options.followUpRounds ?? DEFAULT_FOLLOW_UP_ROUNDS;
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

  /** Every runner, in the order they were added. */
  list(): readonly ProcessorRunner[] {
    return [...this.runners.values()];
  }

  /** See `settleRunners`: read-your-writes over this process's own runners, woken as they advance. */
  settle(position: Position, timeoutMs: number, eventTypes?: readonly string[], followUps = true): Promise<boolean> {
    return settleRunners([...this.runners.values()], () => this.eventStore.headPosition(), this.followUpRounds, position, timeoutMs, eventTypes, followUps);
  }
}
