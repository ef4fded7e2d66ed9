import type { Command } from 'commander';
import { clientFor, commandVerb, type ConnectionOptions } from '../shared/connection';
import { projectOr } from '../shared/harness-env';
import { print, printJson } from '../shared/table';

type SubmitOptions = ConnectionOptions & { project?: string; surface: string; tier: string; customer: string; contact: string; notes?: string };

export const registerRequestSubmit = (request: Command) =>
  commandVerb(request, 'submit', 'submit a service request (requester)', [
    'jobledger request submit "Full interior detail" --project detailing --surface auto-detailing --tier premium --customer "Sam" --contact sam@example.com',
  ])
    .argument('<details>', 'what the customer asks for')
    .option('-p, --project <slug>', 'the project (default JOBLEDGER_PROJECT_ID)')
    .requiredOption('--surface <key>', 'the surface')
    .requiredOption('--tier <tier>', 'the service tier')
    .requiredOption('--customer <name>', "the customer's name")
    .requiredOption('--contact <contact>', "the customer's contact")
    .option('--notes <text>', 'notes for intake')
    .action(async (details: string, o: SubmitOptions) => {
      const submitted = await clientFor(o, 'requester').post<{ requestId: string }>('/requests', {
        projectSlug: projectOr(o.project), surface: o.surface, tier: o.tier, customer: { name: o.customer, contact: o.contact }, details, notes: o.notes,
      });
      if (o.json) printJson(submitted);
      else print(`submitted request ${submitted.requestId}\n`);
    });
