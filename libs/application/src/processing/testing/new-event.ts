import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../../../../eventstore/src/port';
import { SYSTEM_ACTOR } from '../../../../domain/src/shared/actor';
import { SCHEMA_VERSION } from '../../../../domain/src/shared/event';
import type { JsonObject } from '../../../../domain/src/shared/json';

/** An event ready to append, with complete metadata; `id` defaults to a fresh UUID. */
export const newEvent = (type: string, data: JsonObject = {}, id: string = randomUUID()): NewEvent => ({
  id,
  type,
  data,
  metadata: {
    eventId: id,
    occurredAt: new Date(0).toISOString(),
    actor: SYSTEM_ACTOR,
    correlationId: id,
    causationId: id,
    commandId: id,
    schemaVersion: SCHEMA_VERSION,
  },
});
