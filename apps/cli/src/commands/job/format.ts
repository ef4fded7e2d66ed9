import { phaseLabel } from '../shared/colour';
import { fields, table, who } from '../shared/table';
import { terminalCell } from '../shared/terminal-text';
import type { Attempt, Job, JobSummary, Page, TreeNode } from './types';

const effective = (on: boolean, j: JobSummary) =>
  phaseLabel(on, j.effectivePhase && j.effectivePhase !== j.phase ? j.effectivePhase : j.phase ?? '?', j.resolution);

/** One line per job, as the lists show them; the next page's cursor under the table. */
export const jobTable = (page: Page<Job>, on: boolean): string =>
  (page.items.length
    ? table(['JOB', 'PHASE', 'P', 'ASSIGNEE', 'ATTEMPTS', 'TITLE'], page.items.map((j) => [
      j.jobId, effective(on, j), String(j.priority), who(j.assignee), `${j.attemptsUsed}/${j.maxAttempts}`, j.title,
    ]))
    : 'no jobs\n') + (page.nextCursor ? `more: --cursor ${page.nextCursor}\n` : '');

export const attemptTable = (attempts: readonly Attempt[]): string =>
  table(['#', 'SERVICE EVENT', 'STATUS', 'CLAIMANT', 'CLAIMED AT', 'ENDED AT', 'SUMMARY'], attempts.map((a) => [
    String(a.attemptNumber), a.serviceEventId, a.status, who(a.claimant), a.claimedAt, a.endedAt ?? '-', a.resultSummary ?? a.summary ?? a.reason ?? '',
  ]));

/** A job in full: its fields, then its attempts. */
export const jobDetail = (j: Job, on: boolean): string => {
  const latest = j.attempts[j.attempts.length - 1];
  const rows: [string, string][] = [
    ['job', j.jobId], ['title', j.title], ['project', j.projectSlug], ['parent', j.parentId ?? '-'],
    ['phase', phaseLabel(on, j.phase, j.resolution)], ['effective phase', effective(on, j)],
    ['priority', String(j.priority)], ['assignee', who(j.assignee)], ['attempts', `${j.attemptsUsed} of ${j.maxAttempts} used`],
    ['review required', j.reviewRequired ? 'yes' : 'no'], ['deferred until', j.deferUntil ?? '-'],
    ['current attempt', latest && !latest.endedAt ? `#${latest.attemptNumber} ${latest.serviceEventId} (${latest.status}, lease until ${latest.leaseExpiresAt})` : '-'],
    ['children', j.children.length ? j.children.join(', ') : '-'],
    ['dependencies', j.relations.dependencies.map((d) => `${d.relation} ${d.jobId}`).join(', ') || '-'],
    ['last rejection', j.latestRejectionReason ?? '-'], ['record', j.recordId ?? '-'],
    ['created', j.createdAt], ['updated', j.updatedAt],
  ];
  const description = `\n${j.description}\n${j.acceptanceCriteria ? `\nacceptance criteria:\n${j.acceptanceCriteria}\n` : ''}`;
  return fields(rows) + description + (j.attempts.length ? `\n${attemptTable(j.attempts)}` : '');
};

/** The tree with box-drawing branches, one job a line. */
export const treeLines = (root: TreeNode, on: boolean): string => {
  const lines: string[] = [];
  // A title's line breaks shown as `\n`, as a table's cells are: one job a line, whatever its title says.
  const label = (n: TreeNode) => (n.phase ? `${n.jobId}  ${effective(on, n)}  ${terminalCell(n.title ?? '')}` : `${n.jobId}  (not visible to you)`);
  const walk = (n: TreeNode, prefix: string, last: boolean, top: boolean) => {
    lines.push(top ? label(n) : `${prefix}${last ? '└─ ' : '├─ '}${label(n)}`);
    const next = top ? '' : `${prefix}${last ? '   ' : '│  '}`;
    n.children.forEach((c, i) => walk(c, next, i === n.children.length - 1, false));
  };
  walk(root, '', true, true);
  return lines.map((l) => `${l}\n`).join('');
};
