import type { Command } from 'commander';
import { registerTaskDecision } from './decide';

export const registerTaskDecline = (task: Command) =>
  registerTaskDecision<{ reason: string }>(task, 'decline', 'decline a task: the request ends declined', ['jobledger task decline a14afc45-… --reason "outside the service area"'],
    (c) => c.requiredOption('--reason <text>', 'why'), (o) => ({ reason: o.reason }), (id) => `declined task ${id}`);
