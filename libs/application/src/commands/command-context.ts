import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../domain/src/shared/actor';
import type { CommandContext } from '../../../domain/src/shared/event';
import { deriveId } from '../../../domain/src/shared/ids';

export type Clock = { readonly now: () => Date };
export const systemClock: Clock = { now: () => new Date() };
export const CLOCK = Symbol('CLOCK');

/**
 * A client's Idempotency-Key becomes the command id, scoped by caller (its `sub`, and the
 * operator or agent its token acts as: `keyOwner`) and by what it is sent to (method and path),
 * so that a repeat derives the same new ids and event ids and is recognised in the stream, while
 * the same key sent to another command, or by another caller, is another command.
 */
export const commandContext = (
  actor: Actor,
  clock: Clock,
  options: { idempotencyKey?: string; keyOwner?: string; scope?: string; requestHash?: string; sameRequestHashes?: readonly string[]; correlationId?: string; causationId?: string } = {},
): CommandContext => {
  const owner = options.keyOwner === undefined ? [] : [options.keyOwner];
  const commandId = options.idempotencyKey ? deriveId('idempotency', actor.id, ...owner, options.scope ?? '', options.idempotencyKey) : randomUUID();
  return {
    commandId,
    actor,
    correlationId: options.correlationId ?? commandId,
    causationId: options.causationId ?? commandId,
    now: clock.now().toISOString(),
    // Only a keyed command can be repeated, so only its request is remembered.
    ...(options.idempotencyKey && options.requestHash !== undefined && { requestHash: options.requestHash }),
    ...(options.idempotencyKey && options.sameRequestHashes?.length && { sameRequestHashes: options.sameRequestHashes }),
  };
};

/** Ids a command creates (request, task, ServiceEvent, evidence…) derive from its id. */
export const newIdFor = (ctx: CommandContext, purpose: string): string => deriveId(ctx.commandId, purpose);
