import type { RecordedEvent } from '../../../../eventstore/src/port';
import type { Doc } from '../../../../readstore/src/port';
import type { Processor } from '../processor';

export type Tally = Doc & { readonly count: number; readonly positions: readonly string[] };

export type TallyProjection = Processor & {
  /** Every event `apply` was called with, in call order (retries included). */
  readonly applied: RecordedEvent[];
  /** While set, `apply` throws for this event type (after buffering its write). */
  failOn: string | null;
};

/**
 * A projection small enough to predict: one `tallies` document per stream, counting
 * `Counted` events and listing their positions. `failOn` simulates a bug or an outage.
 */
export const tallyProjection = (name = 'tallies'): TallyProjection => {
  const projection: TallyProjection = {
    name,
    collections: [{ name: 'tallies', indexes: [{ name: 'byCount', fields: [['count', -1]] }] }],
    eventTypes: ['Counted', 'Poisoned'],
    applied: [],
    failOn: null,
    apply: async (event, writer) => {
      projection.applied.push(event);
      const current = await writer.get<Tally>('tallies', event.streamId);
      writer.put('tallies', {
        _id: event.streamId,
        count: (current?.count ?? 0) + 1,
        positions: [...(current?.positions ?? []), event.position.toString()],
      });
      if (projection.failOn === event.type) throw new Error(`cannot apply ${event.type}`);
    },
  };
  return projection;
};
