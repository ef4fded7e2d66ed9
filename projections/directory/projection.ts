import type { Event } from '../../libs/domain/src/shared/event';
import { idOf } from '../../libs/domain/src/shared/streams';
import type { RecordedEvent } from '../../libs/eventstore/src/port';
import type { Doc, ProjectionWriter } from '../../libs/readstore/src/port';
import type { Projection } from '../projection';
import { dispatch, typesOf, type Handlers } from '../shared/events';
import { alreadyApplied, touched, type Tracked } from '../shared/position';
import { OPERATORS, operatorHandlers } from './operators';
import { PROJECTS, projectHandlers } from './projects';
import { SURFACES, surfaceHandlers } from './surfaces';

type Entry = Doc & Tracked & { readonly updatedAt: string };

/** One directory entry, keyed by its stream's id (`operator-{slug}`, `surface-{key}`, `project-{slug}`). */
const applyTo = async <D extends Entry, E extends Event>(
  collection: string,
  handlers: Handlers<D | null, E, D | null>,
  event: RecordedEvent,
  writer: ProjectionWriter,
): Promise<void> => {
  const doc = await writer.get<D>(collection, idOf(event.streamId));
  if (alreadyApplied(doc, event)) return;
  const next = dispatch(handlers, doc, event);
  if (next) writer.put(collection, touched(next, event));
};

const apply = async (event: RecordedEvent, writer: ProjectionWriter): Promise<void> => {
  if (event.type in operatorHandlers) return applyTo(OPERATORS, operatorHandlers, event, writer);
  if (event.type in surfaceHandlers) return applyTo(SURFACES, surfaceHandlers, event, writer);
  if (event.type in projectHandlers) return applyTo(PROJECTS, projectHandlers, event, writer);
};

export const directoryProjection: Projection = {
  name: 'directory',
  collections: [
    { name: OPERATORS, indexes: [{ name: 'access', fields: [['accessState', 1], ['slug', 1]] }] },
    { name: SURFACES, indexes: [] },
    { name: PROJECTS, indexes: [] },
  ],
  eventTypes: [...typesOf(operatorHandlers), ...typesOf(surfaceHandlers), ...typesOf(projectHandlers)],
  apply,
};
