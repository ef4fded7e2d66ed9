import { assigneeKey, type Assignee } from '../../libs/domain/src/shared/assignee';
import type { SignalEmitted } from '../../libs/domain/src/signal/events';
import type { RecordedEvent } from '../../libs/eventstore/src/port';
import type { ProjectionWriter } from '../../libs/readstore/src/port';
import type { Projection } from '../projection';
import { isEvent, type Recorded } from '../shared/events';
import { alreadyApplied, positionOf } from '../shared/position';

export const TRUST_SIGNALS = 'trust_signals';
/** The list part of `trust_signals`: one document per signal (see TrustSignalEntryDoc). */
export const TRUST_SIGNAL_ENTRIES = 'trust_signal_entries';

export type SignalEntry = { readonly signalId: string; readonly recordId: string; readonly jobId: string; readonly emittedAt: string };

/**
 * One signal in its earner's list. The list is kept a document per signal, not inside the
 * earner's document: an earner earns without end, and a document holding every signal would
 * be rewritten whole at each one and, on MongoDB, outgrow the 16 MiB a document may have.
 */
export type TrustSignalEntryDoc = SignalEntry & {
  readonly _id: string; // the signalId
  /** `operator:<slug>` / `agent:<id>`, the earner's document's `_id`. */
  readonly earnerKey: string;
  /** The event's position in the log: the list's order, newest first by it. */
  readonly emittedPosition: number;
  readonly lastPosition: string;
};

/** The `trust_signals` document: an earner's ⭐ count (internal: never shown to requesters). */
export type TrustSignalsDoc = {
  readonly _id: string; // `operator:<slug>` / `agent:<id>`
  readonly earner: Assignee;
  readonly count: number;
  readonly state: 'none' | 'present';
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastPosition: string;
};

const entryOf = (event: Recorded<SignalEmitted>): TrustSignalEntryDoc => {
  const { signalId, recordId, jobId, earner } = event.data;
  return {
    _id: signalId, signalId, recordId, jobId, emittedAt: event.metadata.occurredAt,
    earnerKey: assigneeKey(earner), emittedPosition: Number(event.position), lastPosition: positionOf(event),
  };
};

/** Each SignalEmitted is counted once: its stream takes one (no-stream), and `alreadyApplied` skips a redelivery. */
const withSignal = (doc: TrustSignalsDoc | null, event: Recorded<SignalEmitted>): TrustSignalsDoc => {
  const at = event.metadata.occurredAt;
  const count = (doc?.count ?? 0) + 1;
  return {
    _id: assigneeKey(event.data.earner),
    earner: event.data.earner,
    count,
    state: 'present',
    createdAt: doc?.createdAt ?? at,
    updatedAt: at,
    lastPosition: positionOf(event),
  };
};

const apply = async (event: RecordedEvent, writer: ProjectionWriter): Promise<void> => {
  if (!isEvent(event, 'SignalEmitted')) return;
  const doc = await writer.get<TrustSignalsDoc>(TRUST_SIGNALS, assigneeKey(event.data.earner));
  if (alreadyApplied(doc, event)) return;
  writer.put(TRUST_SIGNAL_ENTRIES, entryOf(event));
  writer.put(TRUST_SIGNALS, withSignal(doc, event));
};

export const trustSignalsProjection: Projection = {
  name: 'trust-signals',
  collections: [
    { name: TRUST_SIGNALS, indexes: [{ name: 'count', fields: [['count', -1]] }] },
    { name: TRUST_SIGNAL_ENTRIES, indexes: [{ name: 'earner_position', fields: [['earnerKey', 1], ['emittedPosition', -1]] }] },
  ],
  eventTypes: ['SignalEmitted'],
  apply,
};
