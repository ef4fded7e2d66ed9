import type { OperatorEvent } from '../../libs/domain/src/operator/events';
import type { SignalEvent } from '../../libs/domain/src/signal/events';
import type { Handlers } from '../shared/events';
import type { DeskDoc } from './document';

/** The desk-level facts that come from the operator's own stream and from signals. */
export const operatorHandlers: Handlers<DeskDoc, OperatorEvent | SignalEvent> = {
  OperatorRegistered: (desk, { data, metadata }) => ({ ...desk, name: data.name, accessState: 'active', createdAt: metadata.occurredAt }),
  // `limited` and `suspended` desks are still kept current: the API refuses to show them (DESK_BLOCKED).
  OperatorAccessChanged: (desk, { data }) => ({ ...desk, accessState: data.to }),
  SignalEmitted: (desk) => ({ ...desk, trustSignals: { count: desk.trustSignals.count + 1, state: 'present' } }),
};
