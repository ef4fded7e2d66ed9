import { SYSTEM_ACTOR } from '../../../domain/src/shared/actor';
import type { CommandContext } from '../../../domain/src/shared/event';
import { deriveId } from '../../../domain/src/shared/ids';
import type { RecordedEvent } from '../../../eventstore/src/port';

/**
 * The context of a follow-up write caused by `trigger`: its command id derives from the
 * trigger's event id, so the handler's fast path and the reactor append identical events,
 * and whichever comes second finds them already there.
 */
export const followUpContext = (trigger: RecordedEvent, purpose: string): CommandContext => ({
  commandId: deriveId('follow-up', purpose, trigger.id),
  actor: SYSTEM_ACTOR,
  correlationId: trigger.metadata.correlationId,
  causationId: trigger.id,
  now: trigger.metadata.occurredAt,
});
