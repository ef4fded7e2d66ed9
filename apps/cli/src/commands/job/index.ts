import type { Command } from 'commander';
import { registerJobFollow } from './follow';
import { registerJobWait } from './wait';

/** One file per verb: a new `job` verb is a file here and a line in this list. */
const VERBS: readonly ((job: Command) => unknown)[] = [registerJobFollow, registerJobWait];

/** `jobledger job …`: work with jobs over the HTTP API. */
export const registerJob = (program: Command): Command => {
  const job = program.command('job').description('work with jobs: follow them live, wait for them to end');
  for (const register of VERBS) register(job);
  return job;
};
