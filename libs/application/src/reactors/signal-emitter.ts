import type { RecordSealed } from '../../../domain/src/record/events';
import { streams } from '../../../domain/src/shared/streams';
import { signalDecider } from '../../../domain/src/signal/decider';
import type { EventStore, RecordedEvent } from '../../../eventstore/src/port';
import type { Projection } from '../../../../projections/projection';
import { executeCommand } from '../commands/command-executor';
import { followUpContext } from '../followups/trigger';
import { allAtOnce } from './concurrent-batch';

/** RecordSealed → SignalEmitted on `signal-{recordId}`, appended with no-stream: one ⭐ per record, ever. */
export const signalEmitterReactor = (store: EventStore, retries: number): Projection => {
  const apply: Projection['apply'] = async (trigger) => {
    const record = (trigger as RecordedEvent<RecordSealed['data']>).data;
    await executeCommand(
      store, streams.signal(record.recordId), signalDecider, () => ({ type: 'EmitSignal' as const, record }),
      followUpContext(trigger, 'emit-signal'), { retries },
    );
  };
  return { name: 'reactor:signal-emitter', appendsFollowUps: true, collections: [], eventTypes: ['RecordSealed'], apply, applyBatch: allAtOnce(apply) };
};
