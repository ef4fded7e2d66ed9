import type { Command } from 'commander';
import { registerDecision } from './decision';

export const registerReject = (job: Command) =>
  registerDecision(job, { name: 'reject', description: 'reject a job in review: back to ready, the reason kept for the next attempt', past: 'rejected', reason: 'required' });
