import type { Command } from 'commander';
import type { Completion } from '../../../../projections/desks/document';
import { clientFor, verb, type ConnectionOptions } from './shared/connection';
import { print, printJson, table } from './shared/table';

type DeskJob = { jobId: string; title: string; priority?: number; surface?: string | null; phase?: string };
type Desk = {
  operator: string; name: string | null; accessState: string; readyToClaim: DeskJob[]; activeJobs: DeskJob[];
  recentCompletions: Pick<Completion, 'jobId' | 'title' | 'completedAt' | 'recordId'>[]; trustSignals: { count: number; state: string };
};

export const registerDesk = (program: Command) =>
  verb(program, 'desk', "an operator's Desk: the active jobs, jobs ready to claim, recent completions, trust signals", [
    'jobledger desk ana',
    'jobledger desk ana --json | jq ".readyToClaim[].jobId"',
  ])
    .argument('<slug>', 'the operator')
    .action(async (slug: string, o: ConnectionOptions) => {
      const desk = await clientFor(o, 'operator --operator <slug>').get<Desk>(`/operators/${encodeURIComponent(slug)}/desk`);
      if (o.json) return printJson(desk);
      // A Desk read before its operator's registration is projected has no name yet.
      print(`${desk.name ?? desk.operator} (${desk.operator}), ${desk.accessState}; trust signals: ${desk.trustSignals.count} (${desk.trustSignals.state})\n`);
      print(`\nactive (${desk.activeJobs.length}):\n`);
      if (desk.activeJobs.length) print(table(['JOB', 'TITLE'], desk.activeJobs.map((j) => [j.jobId, j.title])));
      print(`\nready to claim (${desk.readyToClaim.length}):\n`);
      if (desk.readyToClaim.length) print(table(['JOB', 'TITLE'], desk.readyToClaim.map((j) => [j.jobId, j.title])));
      print(`\nrecent completions (${desk.recentCompletions.length}):\n`);
      if (desk.recentCompletions.length) print(table(['JOB', 'COMPLETED AT', 'RECORD', 'TITLE'], desk.recentCompletions.map((j) => [j.jobId, j.completedAt, j.recordId ?? '-', j.title])));
    });
