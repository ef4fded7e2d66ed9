import type { Decider } from '../shared/decider';
import type { RecordBody, RecordEvent, RecordSealed } from './events';
import { recordContentHash } from './seal';

export type RecordState = { readonly status: 'absent' } | { readonly status: 'sealed'; readonly record: RecordSealed['data'] };

export type RecordCommand = { readonly type: 'SealRecord'; readonly body: RecordBody };

/** A record stream receives exactly one event, ever: sealing again decides nothing. */
export const recordDecider: Decider<RecordState, RecordCommand, RecordEvent> = {
  initialState: () => ({ status: 'absent' }),
  evolve: (_state, event) => ({ status: 'sealed', record: event.data }),
  decide: (command, state) =>
    state.status === 'sealed' ? [] : [{ type: 'RecordSealed', data: { ...command.body, contentHash: recordContentHash(command.body) } }],
};
