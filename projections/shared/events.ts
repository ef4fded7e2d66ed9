import type { JobEvent } from '../../libs/domain/src/job/events';
import type { JoblogEvent } from '../../libs/domain/src/joblog/events';
import type { OperatorEvent } from '../../libs/domain/src/operator/events';
import type { ProjectEvent } from '../../libs/domain/src/project/events';
import type { RecordEvent } from '../../libs/domain/src/record/events';
import type { RequestEvent } from '../../libs/domain/src/request/events';
import type { Event } from '../../libs/domain/src/shared/event';
import type { SignalEvent } from '../../libs/domain/src/signal/events';
import type { SurfaceEvent } from '../../libs/domain/src/surface/events';
import type { TaskEvent } from '../../libs/domain/src/task/events';
import type { TemplateEvent } from '../../libs/domain/src/template/events';
import type { ThreadEvent } from '../../libs/domain/src/thread/events';
import type { RecordedEvent } from '../../libs/eventstore/src/port';

/** Every event a projection may meet; the store hands them over untyped (`data: unknown`). */
export type DomainEvent =
  | OperatorEvent
  | SurfaceEvent
  | ProjectEvent
  | RequestEvent
  | TaskEvent
  | JobEvent
  | RecordEvent
  | SignalEvent
  | TemplateEvent
  | JoblogEvent
  | ThreadEvent;
export type DomainEventType = DomainEvent['type'];
export type DataOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>['data'];

/** A stored event whose `type` and `data` are known. */
export type Recorded<E extends Event> = RecordedEvent<E['data']> & { readonly type: E['type'] };

export const isEvent = <T extends DomainEventType>(
  event: RecordedEvent,
  type: T,
): event is Recorded<Extract<DomainEvent, { type: T }>> => event.type === type;

/**
 * One pure `(doc, event) => doc` per event type. Dispatch by the stored `type` is the only
 * place the untyped event becomes a typed one, so handlers stay free of casts.
 */
export type Handlers<D, E extends Event, R = D> = {
  readonly [K in E['type']]?: (doc: D, event: Recorded<Extract<E, { type: K }>>) => R;
};

/** The handler's result, or `undefined` when this map does not handle the event type. */
export const dispatch = <D, E extends Event, R>(handlers: Handlers<D, E, R>, doc: D, event: RecordedEvent): R | undefined => {
  const handler = (handlers as Readonly<Record<string, ((d: D, e: RecordedEvent) => R) | undefined>>)[event.type];
  return handler ? handler(doc, event) : undefined;
};

/** Folds one event with a handler map; event types it does not know leave the doc as it is. */
export const reduce = <D, E extends Event>(handlers: Handlers<D, E>, doc: D, event: RecordedEvent): D =>
  dispatch(handlers, doc, event) ?? doc;

/** The event types a handler map reacts to (for a projection's `eventTypes`). */
export const typesOf = <E extends Event>(handlers: Handlers<never, E, unknown>): E['type'][] =>
  Object.keys(handlers) as E['type'][];
