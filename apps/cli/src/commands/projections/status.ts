import type { ApiClient } from '../../api-client';
import { table } from '../audit/table';
import type { ProcessorRow, ProjectionsReport } from './types';

const ms = (v: number | null) => (v === null ? '-' : `${v}`);
const rebuildText = (r: ProcessorRow) =>
  r.rebuild ? `${r.rebuild.state}${r.rebuild.generation ? ` g${r.rebuild.generation}` : ''} ${Math.round(r.rebuild.progress * 100)}%` : '';

export const statusTable = (report: ProjectionsReport): string =>
  table(
    ['NAME', 'KIND', 'STATE', 'GEN', 'CHECKPOINT', 'LAG EVENTS', 'OLDEST MS', 'P50 MS', 'P99 MS', 'REBUILD'],
    report.processors.map((r) => [
      r.name, r.kind, r.state, r.generation === null ? '-' : String(r.generation), r.checkpoint ?? '-',
      `${r.lag.events}${r.lag.capped ? '+' : ''}`, String(r.lag.oldestUnprocessedMs), ms(r.lag.p50Ms), ms(r.lag.p99Ms), rebuildText(r),
    ]),
  ) + `head position ${report.headPosition}\n`;

export const fetchStatus = (client: ApiClient): Promise<ProjectionsReport> => client.get<ProjectionsReport>('/admin/projections');
