import { Inject, Injectable } from '@nestjs/common';
import type { Decider } from '../../../domain/src/shared/decider';
import type { CommandContext, Event } from '../../../domain/src/shared/event';
import { EVENT_STORE, type EventStore } from '../../../eventstore/src/port';
import { CONFIG, type JobledgerConfig } from '../config/config';
import { executeCommand, type CommandOutcome } from './command-executor';

/** `executeCommand` with the store and retry budget the application is configured with. */
@Injectable()
export class CommandRunner {
  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    @Inject(CONFIG) readonly config: JobledgerConfig,
  ) {}

  run<S, C, E extends Event>(
    streamId: string,
    decider: Decider<S, C, E>,
    build: (state: S) => C | Promise<C>,
    ctx: CommandContext,
  ): Promise<CommandOutcome<S, E>> {
    return executeCommand(this.store, streamId, decider, build, ctx, { retries: this.config.commandRetries });
  }
}
