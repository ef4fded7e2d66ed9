import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Position } from '../../../eventstore/src/port';
import { CONFIG, type JobledgerConfig } from '../config/config';
import { METRICS, type Metrics } from '../operations/metrics';
import type { CommandResult } from './command-result';
import { READ_LAG_BOUND } from './command-runner';
import type { ReadLagBound } from './read-lag-bound';

export type ProcessingStatus = {
  readonly name: string;
  readonly running: boolean;
  readonly caughtUp: boolean;
  readonly lastError: string | null;
  /** Recorded-to-applied lag percentiles of recent events, where the processor runs in this process. */
  readonly lagP50Ms?: number | null;
  readonly lagP99Ms?: number | null;
};

/** A processor's stored progress as any process sharing the read store sees it. */
export type ProcessorProgress = {
  readonly name: string;
  /** The stored checkpoint (decimal string), or null before its first batch. */
  readonly checkpoint: string | null;
  /** The worker holding its lease, or null when none does (nobody is applying events to it). */
  readonly holder: string | null;
  readonly leaseExpiresAt: string | null;
  /**
   * It will not run: its checkpoint was found beyond the log's head (a log restored under newer
   * read models), until its read models are deleted (docs/operations.md, "Backup and restore").
   */
  readonly refused: boolean;
};

/**
 * Waits until projections and reactors have seen a position (read-your-writes for callers).
 * With `eventTypes`, only the processors of those types; then, unless `followUps` is false,
 * also what reactors appended because of them (a completion's record and signal). With
 * `followUps` false, the reactors of those types have appended theirs, but their read models
 * are not waited for.
 */
export interface Settler {
  settle(position: Position, timeoutMs: number, eventTypes?: readonly string[], followUps?: boolean): Promise<boolean>;
  /** The projections and reactors this process runs, for /health. */
  status(): readonly ProcessingStatus[];
  /** Every processor's stored checkpoint and lease holder, whichever process runs it. */
  progress?(): Promise<readonly ProcessorProgress[]>;
}
export const SETTLER = Symbol('SETTLER');

/**
 * Dispatches a command and answers once its effects are visible in the read models (or the
 * settle timeout passed: the command is durable either way, only visibility may lag).
 */
@Injectable()
export class CommandGateway {
  private readonly logger = new Logger('commands');

  constructor(
    private readonly bus: CommandBus,
    @Inject(SETTLER) private readonly settler: Settler,
    @Inject(CONFIG) private readonly config: JobledgerConfig,
    @Inject(READ_LAG_BOUND) private readonly readLag: ReadLagBound,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  async execute<B extends object>(command: object): Promise<B & { position: string | null; settled: boolean }> {
    const began = performance.now();
    const result = await this.bus.execute<object, CommandResult<B>>(command);
    if (result.position === null) return { ...result.body, position: null, settled: true };
    const waitedSince = performance.now();
    // One deadline for the command's waits: the read-lag bound may already have waited for the
    // read models before it ran (with no worker, the whole timeout), and a second full wait here
    // would answer after twice the settle timeout.
    const timeoutMs = Math.max(0, this.config.settleTimeoutMs - (waitedSince - began));
    const settled = await this.settler.settle(result.position, timeoutMs, result.eventTypes).catch((error: unknown) => {
      // The command is durable: a read side that cannot say how far it got (a read store out of
      // reach, a processors' thread stopping) only leaves its visibility unknown.
      this.logger.warn(`settle of position ${result.position} failed: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    });
    this.metrics.settleSeconds.observe((performance.now() - waitedSince) / 1000);
    if (settled) this.readLag.applied(result.position, result.eventTypes);
    return { ...result.body, position: result.position.toString(), settled };
  }
}
