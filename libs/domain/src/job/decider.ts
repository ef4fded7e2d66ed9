import type { Decider } from '../shared/decider';
import type { JobCommand } from './commands';
import { decideJob } from './decide';
import type { JobEvent } from './events';
import { evolveJob, initialJobState, type JobState } from './state';

export const jobDecider: Decider<JobState, JobCommand, JobEvent> = {
  initialState: initialJobState,
  evolve: evolveJob,
  decide: decideJob,
};
