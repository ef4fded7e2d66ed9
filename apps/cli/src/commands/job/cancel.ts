import type { Command } from 'commander';
import { registerDecision } from './decision';

export const registerCancel = (job: Command) =>
  registerDecision(job, { name: 'cancel', description: 'cancel a job (and its open children)', past: 'cancelled', reason: 'required' });
