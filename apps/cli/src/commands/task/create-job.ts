import type { Command } from 'commander';
import { registerTaskDecision } from './decide';

export const registerTaskCreateJob = (task: Command) =>
  registerTaskDecision<object>(task, 'create-job', 'turn an approved, assigned task into its job (the bridge from governance to execution)', [
    'jobledger task create-job a14afc45-…',
    'jobledger task create-job a14afc45-… --json | jq -r .jobId',
  ], (c) => c, () => ({}), (id, answer) => `task ${id} → job ${String(answer.jobId)}`);
