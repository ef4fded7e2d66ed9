import type { Command } from 'commander';
import type { AuditEvent } from '../../../../../libs/application/src/audit/audit-event';
import { clientFor, withConnection, type ConnectionOptions } from './connection';
import { actorName, print, printJson, table } from './table';

export type JobAuditEvents = { jobId: string; streams: string[]; events: AuditEvent[] };

export const registerAuditEvents = (audit: Command) =>
  withConnection(audit.command('events').argument('<jobId>', 'the job').description("a job's events with its log, record and signal streams, in global order"))
    .addHelpText('after', '\nExamples:\n  jobledger audit events detailing-1a2b3c4d\n  jobledger audit events detailing-1a2b3c4d --json | jq \'.events[].type\'')
    .action(async (jobId: string, o: ConnectionOptions) => {
      const result = await clientFor(o).get<JobAuditEvents>(`/audit/jobs/${encodeURIComponent(jobId)}/events`);
      if (o.json) return printJson(result);
      print(table(
        ['POSITION', 'STREAM', 'REV', 'TYPE', 'ACTOR', 'OCCURRED AT'],
        result.events.map((e) => [e.position, e.stream, String(e.revision), e.type, actorName(e.actor), e.occurredAt]),
      ));
    });
