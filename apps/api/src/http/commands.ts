import { Inject, Injectable } from '@nestjs/common';
import { actorOf, keyOwnerOf } from '../../../../libs/application/src/auth/principal';
import { CLOCK, commandContext, type Clock } from '../../../../libs/application/src/commands/command-context';
import { CommandGateway } from '../../../../libs/application/src/commands/command-gateway';
import type { CommandContext } from '../../../../libs/domain/src/shared/event';
import type { Principal } from '../../../../libs/application/src/auth/principal';
import type { RequestContext } from './request-context';

/** What thin controllers use: turn the caller into a command context, dispatch, answer. */
@Injectable()
export class Commands {
  constructor(private readonly gateway: CommandGateway, @Inject(CLOCK) private readonly clock: Clock) {}

  /** `make` may do work of its own first (read a body after checks that need the command's id). */
  async send<B extends object>(caller: RequestContext, make: (principal: Principal, ctx: CommandContext) => object | Promise<object>) {
    const { principal, idempotencyKey, scope, requestHash, sameRequestHashes, correlationId } = caller;
    const ctx = commandContext(actorOf(principal), this.clock, { idempotencyKey, keyOwner: keyOwnerOf(principal), scope, requestHash, sameRequestHashes, correlationId });
    return this.gateway.execute<B>(await make(caller.principal, ctx));
  }
}
