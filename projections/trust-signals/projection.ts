import { assigneeKey, type Assignee } from '../../libs/domain/src/shared/assignee';
import type { SignalEmitted } from '../../libs/domain/src/signal/events';
import type { RecordedEvent } from '../../libs/eventstore/src/port';
import type { ProjectionWriter } from '../../libs/readstore/src/port';
import type { Projection } from '../projection';
import { isEvent, type Recorded } from '../shared/events';
import { upsertBy } from '../shared/lists';
import { alreadyApplied, positionOf } from '../shared/position';

export const TRUST_SIGNALS = 'trust_signals';

export type SignalEntry = { readonly signalId: string; readonly recordId: string; readonly jobId: string; readonly emittedAt: string };

/** The `trust_signals` document: an earner's ⭐ signals (internal: never shown to requesters). */
export type TrustSignalsDoc = {
  readonly _id: string; // `operator:<slug>` / `agent:<id>`
  readonly earner: Assignee;
  readonly count: number;
  readonly state: 'none' | 'present';
  /** In the order they were emitted. */
  readonly signals: readonly SignalEntry[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastPosition: string;
};

/** The count is the length of the deduplicated list, so it can never drift from it. */
export const withSignal = (doc: TrustSignalsDoc | null, event: Recorded<SignalEmitted>): TrustSignalsDoc => {
  const { signalId, recordId, jobId, earner } = event.data;
  const at = event.metadata.occurredAt;
  const signals = upsertBy(doc?.signals ?? [], (s) => s.signalId, { signalId, recordId, jobId, emittedAt: at });
  return {
    _id: assigneeKey(earner),
    earner,
    count: signals.length,
    state: signals.length ? 'present' : 'none',
    signals,
    createdAt: doc?.createdAt ?? at,
    updatedAt: at,
    lastPosition: positionOf(event),
  };
};

const apply = async (event: RecordedEvent, writer: ProjectionWriter): Promise<void> => {
  if (!isEvent(event, 'SignalEmitted')) return;
  const doc = await writer.get<TrustSignalsDoc>(TRUST_SIGNALS, assigneeKey(event.data.earner));
  if (!alreadyApplied(doc, event)) writer.put(TRUST_SIGNALS, withSignal(doc, event));
};

export const trustSignalsProjection: Projection = {
  name: 'trust-signals',
  collections: [{ name: TRUST_SIGNALS, indexes: [{ name: 'count', fields: [['count', -1]] }] }],
  eventTypes: ['SignalEmitted'],
  apply,
};
