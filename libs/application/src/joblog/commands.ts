import type { LogEntryInput } from '../../../domain/src/joblog/decide';
import type { CommandContext } from '../../../domain/src/shared/event';
import type { Principal } from '../auth/principal';

export class AppendLogsCommand {
  constructor(
    readonly principal: Principal,
    readonly ctx: CommandContext,
    readonly jobId: string,
    readonly attemptNumber: number,
    readonly input: { serviceEventId: string; entries: readonly LogEntryInput[] },
  ) {}
}

export class GetLogsQuery {
  constructor(
    readonly principal: Principal,
    readonly jobId: string,
    readonly attemptNumber: number,
    /** Exclusive: the `seq` of the last entry already read. */
    readonly after?: number,
    /** Lines at most (100 unless given); 0 makes only the checks: the caller may read the attempt, and it exists. */
    readonly limit?: number,
  ) {}
}
