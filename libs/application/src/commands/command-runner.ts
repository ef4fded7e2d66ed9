import { Inject, Injectable } from '@nestjs/common';
import type { Decider } from '../../../domain/src/shared/decider';
import type { CommandContext, Event } from '../../../domain/src/shared/event';
import { EVENT_STORE, type EventStore } from '../../../eventstore/src/port';
import { CONFIG, type JobledgerConfig } from '../config/config';
import { executeCommand, type CommandOutcome } from './command-executor';
import { ReadLagBound } from './read-lag-bound';

export const READ_LAG_BOUND = Symbol('READ_LAG_BOUND');

/**
 * `executeCommand` with the store and retry budget the application is configured with, admitted
 * by the read-lag bound (a command waits while the read models trail this process's commands).
 */
@Injectable()
export class CommandRunner {
  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    @Inject(CONFIG) readonly config: JobledgerConfig,
    @Inject(READ_LAG_BOUND) private readonly readLag: ReadLagBound,
  ) {}

  async run<S, C, E extends Event>(
    streamId: string,
    decider: Decider<S, C, E>,
    build: (state: S) => C | Promise<C>,
    ctx: CommandContext,
  ): Promise<CommandOutcome<S, E>> {
    await this.readLag.admit();
    const began = this.readLag.now();
    const outcome = await executeCommand(this.store, streamId, decider, build, ctx, { retries: this.config.commandRetries });
    if (outcome.position !== null && !outcome.repeated) this.readLag.appended(outcome.position, outcome.events.map((e) => e.type), began);
    return outcome;
  }
}
