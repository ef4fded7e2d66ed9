import type { Command } from 'commander';
import { registerDecision } from './decision';

export const registerClose = (job: Command) =>
  registerDecision(job, { name: 'close', description: 'close a job without doing it (done, resolution closed)', past: 'closed', reason: 'required' });
