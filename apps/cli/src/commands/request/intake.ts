import type { Command } from 'commander';
import { clientFor, commandVerb, type ConnectionOptions } from '../shared/connection';
import { print, printJson } from '../shared/table';

export const registerRequestIntake = (request: Command) =>
  commandVerb(request, 'intake', 'take a request in: it becomes a task on the governance queue (admin, governing operator)', [
    'jobledger request intake 3bfe53fd-… --notes "bring the pet-hair kit"',
  ])
    .argument('<requestId>', 'the request')
    .option('--summary <text>', "the task's summary (default: the request's first line)")
    .option('--notes <text>', 'intake notes for whoever does the job')
    .action(async (requestId: string, o: ConnectionOptions & { summary?: string; notes?: string }) => {
      const result = await clientFor(o).post<{ taskId: string }>(`/requests/${encodeURIComponent(requestId)}/intake`, { summary: o.summary, intakeNotes: o.notes });
      if (o.json) printJson(result);
      else print(`request ${requestId} taken in: task ${result.taskId}\n`);
    });
