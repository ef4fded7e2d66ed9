import type { EventStore } from '../../../eventstore/src/port';
import type { Projection } from '../../../../projections/projection';
import { childCancellerReactor, childCreatorReactor } from './child-reactors';
import { jobCreatorReactor, taskOpenerReactor } from './follow-up-reactors';
import { leaseTrackerReactor } from './lease-watchdog';
import { recordSealerReactor } from './record-sealer';
import { signalEmitterReactor } from './signal-emitter';
import { threadStatusReactor } from './thread-status';

export const allReactors = (store: EventStore, retries: number): Projection[] => [
  taskOpenerReactor(store, retries),
  jobCreatorReactor(store, retries),
  recordSealerReactor(store),
  signalEmitterReactor(store, retries),
  threadStatusReactor(store, retries),
  leaseTrackerReactor(),
  childCreatorReactor(store, retries),
  childCancellerReactor(store, retries),
];

export { releaseExpiredLeases, LEASES_COLLECTION } from './lease-watchdog';
export { failOverdueAttempts } from './deadline-watchdog';
export { LEDGER_COLLECTION } from './record-sealer';
