import type { Command } from 'commander';
import { registerDecision } from './decision';

export const registerApprove = (job: Command) =>
  registerDecision(job, { name: 'approve', description: 'approve a job in review (reviewer)', past: 'approved', reason: 'comment' });
