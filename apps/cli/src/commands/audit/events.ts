import type { Command } from 'commander';
import type { AuditEvent } from '../../../../../libs/application/src/audit/audit-event';
import type { ApiClient } from '../../api-client';
import { clientFor, withConnection, type ConnectionOptions } from './connection';
import { actorName, print, printJson, table } from './table';

export type JobAuditEvents = { jobId: string; streams: string[]; events: AuditEvent[] };
type JobAuditEventsPage = JobAuditEvents & { nextAfter: string | null };

/** Every event of the job's streams, page after page (the server serves at most 1,000 at a time). */
export const jobAuditEvents = async (api: Pick<ApiClient, 'get'>, jobId: string): Promise<JobAuditEvents> => {
  const path = `/audit/jobs/${encodeURIComponent(jobId)}/events`;
  const first = await api.get<JobAuditEventsPage>(path);
  const events = [...first.events];
  for (let after = first.nextAfter; after !== null; ) {
    const page: JobAuditEventsPage = await api.get<JobAuditEventsPage>(`${path}?after=${after}`);
    events.push(...page.events);
    after = page.nextAfter;
  }
  return { jobId: first.jobId, streams: first.streams, events };
};

export const registerAuditEvents = (audit: Command) =>
  withConnection(audit.command('events').argument('<jobId>', 'the job').description("a job's events with its log, record and signal streams, in global order"))
    .addHelpText('after', '\nExamples:\n  jobledger audit events detailing-1a2b3c4d\n  jobledger audit events detailing-1a2b3c4d --json | jq \'.events[].type\'')
    .action(async (jobId: string, o: ConnectionOptions) => {
      const result = await jobAuditEvents(clientFor(o), jobId);
      if (o.json) return printJson(result);
      print(table(
        ['POSITION', 'STREAM', 'REV', 'TYPE', 'ACTOR', 'OCCURRED AT'],
        result.events.map((e) => [e.position, e.stream, String(e.revision), e.type, actorName(e.actor), e.occurredAt]),
      ));
    });
