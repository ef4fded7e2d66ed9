import type { TemplateDefined } from '../../libs/domain/src/template/events';
import type { Doc } from '../../libs/readstore/src/port';
import type { Projection } from '../projection';
import { isEvent } from '../shared/events';
import { positionOf } from '../shared/position';

export const TEMPLATES = 'templates';

/** One template as `GET /templates` lists it: what `POST /templates/:id/jobs` will create. */
export type TemplateDoc = Doc & TemplateDefined['data'] & { readonly definedAt: string; readonly lastPosition: string };

export const templatesProjection: Projection = {
  name: 'templates',
  collections: [{ name: TEMPLATES, indexes: [{ name: 'name', fields: [['name', 1]] }] }],
  eventTypes: ['TemplateDefined'],
  apply: async (event, writer) => {
    // A template stream holds one event, ever: writing it again on a replay is harmless.
    if (!isEvent(event, 'TemplateDefined')) return;
    const doc: TemplateDoc = { _id: event.data.templateId, ...event.data, definedAt: event.metadata.occurredAt, lastPosition: positionOf(event) };
    writer.put(TEMPLATES, doc);
  },
};
