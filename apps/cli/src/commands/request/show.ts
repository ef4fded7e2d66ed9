import type { Command } from 'commander';
import { clientFor, verb, type ConnectionOptions } from '../shared/connection';
import { fields, print, printJson } from '../shared/table';

type Request = {
  requestId: string; projectSlug: string; surface: string; tier: string; customer?: { name: string; contact: string }; details?: string;
  status: string; resolution: string | null; taskId: string | null; jobId: string | null; submittedAt: string; updatedAt: string;
};

export const registerRequestShow = (request: Command) =>
  verb(request, 'show', "a request's status: its task and job once governance has acted", ['jobledger request show 3bfe53fd-…', 'jobledger request show 3bfe53fd-… --json | jq .status'])
    .argument('<requestId>', 'the request')
    .action(async (requestId: string, o: ConnectionOptions) => {
      const r = await clientFor(o).get<Request>(`/requests/${encodeURIComponent(requestId)}`);
      if (o.json) return printJson(r);
      print(fields([
        ['request', r.requestId], ['status', `${r.status}${r.resolution && r.resolution !== r.status ? ` (${r.resolution})` : ''}`],
        ['project', r.projectSlug], ['surface', `${r.surface}, tier ${r.tier}`], ['customer', r.customer ? `${r.customer.name} <${r.customer.contact}>` : '-'],
        ['task', r.taskId ?? '-'], ['job', r.jobId ?? '-'], ['submitted', r.submittedAt], ['updated', r.updatedAt],
      ]));
      if (r.details) print(`\n${r.details}\n`);
    });
