import type { Command } from 'commander';
import { registerTaskDecision } from './decide';

export const registerTaskApprove = (task: Command) =>
  registerTaskDecision<{ comment?: string }>(task, 'approve', 'approve a task (admin, governing operator)', ['jobledger task approve a14afc45-… --comment "go"'],
    (c) => c.option('--comment <text>', 'a comment kept with the approval'), (o) => ({ comment: o.comment }), (id) => `approved task ${id}`);
