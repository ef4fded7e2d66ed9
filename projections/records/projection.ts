import type { RecordSealed } from '../../libs/domain/src/record/events';
import type { RecordedEvent } from '../../libs/eventstore/src/port';
import type { ProjectionWriter } from '../../libs/readstore/src/port';
import type { Projection } from '../projection';
import { isEvent } from '../shared/events';
import { positionOf } from '../shared/position';

export const RECORDS = 'records';

/**
 * The `records` document: the sealed record exactly as stored (every RecordSealed field,
 * so an auditor can recompute `contentHash` from it), plus when and where it was sealed.
 */
export type RecordDoc = RecordSealed['data'] & {
  readonly _id: string;
  readonly sealedAt: string;
  /** Global log position of the RecordSealed event (a string: documents hold no bigint). */
  readonly position: string;
  readonly lastPosition: string;
};

export const recordDocOf = (event: RecordedEvent<RecordSealed['data']>): RecordDoc => ({
  ...event.data,
  _id: event.data.recordId,
  sealedAt: event.metadata.occurredAt,
  position: positionOf(event),
  lastPosition: positionOf(event),
});

/** A record stream receives exactly one event, ever: the first document written is final. */
const apply = async (event: RecordedEvent, writer: ProjectionWriter): Promise<void> => {
  if (!isEvent(event, 'RecordSealed') || (await writer.get(RECORDS, event.data.recordId))) return;
  writer.put(RECORDS, recordDocOf(event));
};

export const recordsProjection: Projection = {
  name: 'records',
  collections: [
    {
      name: RECORDS,
      indexes: [
        { name: 'project_sealed', fields: [['projectSlug', 1], ['sealedAt', 1]] },
        { name: 'job', fields: [['jobId', 1]] },
      ],
    },
  ],
  eventTypes: ['RecordSealed'],
  apply,
};
