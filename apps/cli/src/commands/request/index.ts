import type { Command } from 'commander';
import { registerRequestIntake } from './intake';
import { registerRequestShow } from './show';
import { registerRequestSubmit } from './submit';

/** `jobledger request submit|show|intake`: the governance entry point. */
export const registerRequestCommands = (program: Command) => {
  const request = program.command('request').description('service requests: submit, follow, take in');
  registerRequestSubmit(request);
  registerRequestShow(request);
  registerRequestIntake(request);
};
