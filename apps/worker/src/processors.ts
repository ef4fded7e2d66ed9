import type { Backends } from '../../../libs/application/src/backends';
import type { JobledgerConfig } from '../../../libs/application/src/config/config';
import type { Processor } from '../../../libs/application/src/processing/processor';
import { allReactors } from '../../../libs/application/src/reactors';
import { ALL_PROJECTIONS } from '../../../projections';

/** Every projection and reactor, in the order they are started: the same list in every role. */
export const allProcessors = (config: JobledgerConfig, backends: Backends): Processor[] => [
  ...ALL_PROJECTIONS,
  ...allReactors(backends.eventStore, config.commandRetries),
];
