/** The human-readable end of a run: each product figure beside its ceiling and its target. */

type Num = number | null | undefined;
type EvidencePath = { readonly bytes: number; readonly p50Ms: Num; readonly p99Ms: Num };
export type SummaryInput = {
  readonly sqliteSynchronous: string;
  readonly machine: { readonly cpus: number; readonly node: string };
  readonly ceiling: {
    readonly sqliteSingleAppendPerSec: number; readonly sqliteSingleAppendPerSecAtEnd: Num; readonly sqliteBatchedAppendPerSec: number; readonly sqliteReadPerSec: number;
    readonly httpPerSec: Num; readonly httpP50Ms: Num; readonly httpP99Ms: Num; readonly http: { readonly connections: number } | null;
  } | null;
  readonly inProcess: {
    readonly commandsPerSec: Num;
    readonly lifecyclesPerSec: Num;
    readonly evidenceBySize?: { readonly inlineMaxBytes: number; readonly small: EvidencePath; readonly large: EvidencePath } | null;
  };
  readonly http: { readonly commandsPerSec: number; readonly p50Ms: Num; readonly p99Ms: Num; readonly connections: number } | null;
  readonly projection: { readonly rebuildEventsPerSec: Num; readonly lagP50Ms: Num; readonly lagP99Ms: Num; readonly lagWorstProjection: string | null };
  readonly agents?: { readonly claimNextPerSec: number; readonly claimNext: { readonly workers: number; readonly duplicates: number } } | null;
  readonly scaling?: { readonly readyQueueMsAt10k: Num; readonly readyQueueMsAt100k: Num; readonly readyQueueRatio100kTo10k: Num } | null;
  readonly ratios: { readonly inProcessVsSingleAppendCeiling: Num; readonly httpVsHttpCeiling: Num };
  readonly errors: Record<string, string>;
};

const show = (v: Num, unit = ''): string => (v === null || v === undefined ? 'n/a' : `${v.toLocaleString('en-US')}${unit}`);
const verdict = (ok: boolean | null): string => (ok === null ? '' : ok ? 'met' : 'MISSED');
const atMost = (v: Num, limit: number): boolean | null => (v === null || v === undefined ? null : v <= limit);
const atLeast = (v: Num, floor: number): boolean | null => (v === null || v === undefined ? null : v >= floor);

const evidenceRows = (e: NonNullable<SummaryInput['inProcess']['evidenceBySize']> | null | undefined): string[][] =>
  e
    ? [
        [`evidence, ${show(e.small.bytes)} bytes (in the log's file)`, `${show(e.small.p50Ms, ' ms')} / ${show(e.small.p99Ms, ' ms')}`, 'p50 / p99', ''],
        [`evidence, ${show(e.large.bytes)} bytes (blob journal)`, `${show(e.large.p50Ms, ' ms')} / ${show(e.large.p99Ms, ' ms')}`, `p50 / p99; inline up to ${show(e.inlineMaxBytes)} bytes`, ''],
      ]
    : [];

export const printSummary = (r: SummaryInput): void => {
  const c = r.ceiling;
  const rows: string[][] = [
    ['figure', 'value', 'compared with', 'target'],
    ['ceiling: single-event transactions', show(c?.sqliteSingleAppendPerSec, '/s'), `raw better-sqlite3, synchronous=${r.sqliteSynchronous}`, ''],
    ['ceiling: single-event transactions, again at the end', show(c?.sqliteSingleAppendPerSecAtEnd, '/s'), 'how much the disk drifted during the run', ''],
    ['ceiling: batched appends', show(c?.sqliteBatchedAppendPerSec, '/s'), 'raw better-sqlite3', ''],
    ['ceiling: read + JSON.parse', show(c?.sqliteReadPerSec, '/s'), 'raw better-sqlite3', ''],
    [`ceiling: bare Fastify POST (${c?.http?.connections ?? '?'} connections)`, show(c?.httpPerSec, '/s'),
      `p50 / p99 ${show(c?.httpP50Ms, ' ms')} / ${show(c?.httpP99Ms, ' ms')}, same load generator`, ''],
    ['in-process commands', show(r.inProcess.commandsPerSec, '/s'), `${show(r.ratios.inProcessVsSingleAppendCeiling)} × single-append ceiling`,
      `≥ 0.5× ${verdict(atLeast(r.ratios.inProcessVsSingleAppendCeiling, 0.5))}`],
    ['in-process lifecycles (request → signal)', show(r.inProcess.lifecyclesPerSec, '/s'), '', ''],
    ...evidenceRows(r.inProcess.evidenceBySize),
    [`http commands (${r.http?.connections ?? '?'} connections)`, show(r.http?.commandsPerSec, '/s'), `${show(r.ratios.httpVsHttpCeiling)} × bare Fastify`, ''],
    ['http p50 / p99', `${show(r.http?.p50Ms, ' ms')} / ${show(r.http?.p99Ms, ' ms')}`,
      `bare Fastify ${show(c?.httpP50Ms, ' ms')} / ${show(c?.httpP99Ms, ' ms')}`, `p99 ≤ 25 ms ${verdict(atMost(r.http?.p99Ms, 25))}`],
    ['projection rebuild (jobs)', show(r.projection.rebuildEventsPerSec, ' events/s'), `read ceiling ${show(c?.sqliteReadPerSec, '/s')}`, ''],
    [`projection lag p50 / p99 (worst: ${r.projection.lagWorstProjection ?? '?'})`, `${show(r.projection.lagP50Ms, ' ms')} / ${show(r.projection.lagP99Ms, ' ms')}`, '',
      `p99 ≤ 50 ms ${verdict(atMost(r.projection.lagP99Ms, 50))}`],
    [`agents: claim-next (${r.agents?.claimNext.workers ?? '?'} workers, http)`, show(r.agents?.claimNextPerSec, '/s'),
      `${show(r.agents?.claimNext.duplicates)} jobs claimed twice`, ''],
    ['ready queue at 10k / 100k jobs (p50)', `${show(r.scaling?.readyQueueMsAt10k, ' ms')} / ${show(r.scaling?.readyQueueMsAt100k, ' ms')}`,
      `ratio ${show(r.scaling?.readyQueueRatio100kTo10k)}`, `≤ 3 ${verdict(atMost(r.scaling?.readyQueueRatio100kTo10k, 3))}`],
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
  process.stdout.write(`\njobledger bench — ${r.machine.cpus} cpus, node ${r.machine.node}, synchronous=${r.sqliteSynchronous}\n`);
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
  for (const [name, error] of Object.entries(r.errors)) process.stdout.write(`FAILED ${name}: ${error.split('\n')[0]}\n`);
};
