import type { Decider } from '../shared/decider';
import { conflict, notFound } from '../shared/errors';
import { requireSlug, requireText } from '../shared/guards';
import type { AccessState, OperatorEvent } from './events';

export type OperatorState =
  | { readonly status: 'absent' }
  | { readonly status: 'registered'; readonly slug: string; readonly name: string; readonly canGovern: boolean; readonly access: AccessState };

export type OperatorCommand =
  | { readonly type: 'RegisterOperator'; readonly slug: string; readonly name: string; readonly canGovern: boolean }
  | { readonly type: 'ChangeOperatorAccess'; readonly to: AccessState; readonly reason: string };

const evolve = (state: OperatorState, event: OperatorEvent): OperatorState => {
  switch (event.type) {
    case 'OperatorRegistered':
      return { status: 'registered', ...event.data, access: 'active' };
    case 'OperatorAccessChanged':
      return state.status === 'registered' ? { ...state, access: event.data.to } : state;
  }
};

const decide = (command: OperatorCommand, state: OperatorState): OperatorEvent[] => {
  if (command.type === 'RegisterOperator') {
    if (state.status !== 'absent') throw conflict('OPERATOR_EXISTS', `operator ${command.slug} is already registered`);
    requireSlug('slug', command.slug);
    const name = requireText('name', command.name, 200);
    return [{ type: 'OperatorRegistered', data: { slug: command.slug, name, canGovern: command.canGovern } }];
  }
  if (state.status === 'absent') throw notFound('OPERATOR_NOT_FOUND', 'operator not found');
  const reason = requireText('reason', command.reason, 2000);
  // Setting the state it already has is not a change: nothing to record.
  if (state.access === command.to) return [];
  return [{ type: 'OperatorAccessChanged', data: { from: state.access, to: command.to, reason } }];
};

export const operatorDecider: Decider<OperatorState, OperatorCommand, OperatorEvent> = {
  initialState: () => ({ status: 'absent' }),
  evolve,
  decide,
};
