import type { RecordSealed } from '../record/events';
import { signalIdFor } from '../record/seal';
import type { Decider } from '../shared/decider';
import type { SignalEvent } from './events';

export type SignalState = { readonly status: 'absent' } | { readonly status: 'emitted' };

export type SignalCommand = { readonly type: 'EmitSignal'; readonly record: RecordSealed['data'] };

/**
 * One ⭐ per new record, credited to its executor. A record without an executor (forced
 * with nobody assigned) earns nobody a signal.
 */
export const signalDecider: Decider<SignalState, SignalCommand, SignalEvent> = {
  initialState: () => ({ status: 'absent' }),
  evolve: () => ({ status: 'emitted' }),
  decide: ({ record }, state) => {
    if (state.status === 'emitted' || !record.executor) return [];
    return [{
      type: 'SignalEmitted',
      data: { signalId: signalIdFor(record.recordId), recordId: record.recordId, jobId: record.jobId, earner: record.executor, kind: 'star' },
    }];
  },
};
