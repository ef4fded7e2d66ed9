import type { CommandContext } from '../../../domain/src/shared/event';
import type { MessageKind } from '../../../domain/src/thread/events';
import type { Principal } from '../auth/principal';

export class PostMessageCommand {
  constructor(readonly principal: Principal, readonly ctx: CommandContext, readonly threadRef: string, readonly input: { kind: MessageKind; body: string }) {}
}

export class GetMessagesQuery {
  constructor(
    readonly principal: Principal,
    readonly threadRef: string,
    /** A message `seq` (exclusive), or an ISO-8601 time: messages posted after it. */
    readonly since?: string,
    readonly limit?: number,
  ) {}
}
