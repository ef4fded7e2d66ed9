import type { CommandContext } from '../../../domain/src/shared/event';
import type { JsonObject } from '../../../domain/src/shared/json';
import type { Principal } from '../auth/principal';
import type { ClaimInput } from './claim';

/** `repeatable`: the caller sent an Idempotency-Key, so a repeat must find the claim it made. */
export class ClaimNextJobCommand {
  constructor(
    readonly principal: Principal, readonly ctx: CommandContext, readonly projectSlug: string,
    readonly input: ClaimInput, readonly repeatable: boolean,
  ) {}
}

/** Exactly one of `output` (raw harness output holding a ```json-result block) or `resultJson`. */
export class RecordResultCommand {
  constructor(
    readonly principal: Principal, readonly ctx: CommandContext, readonly jobId: string,
    readonly input: { serviceEventId: string; output?: string; resultJson?: JsonObject },
  ) {}
}

export class SubmitJobCommand {
  constructor(
    readonly principal: Principal, readonly ctx: CommandContext, readonly jobId: string,
    readonly input: { serviceEventId: string; summary: string },
  ) {}
}
