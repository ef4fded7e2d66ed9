import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { AuditEvent } from '../../../../../libs/application/src/audit/audit-event';
import { buildExport, formatExport, type ExportLine } from '../../../../../libs/application/src/audit/audit-export';
import { evidenceOf, type SealedRecord } from '../../../../../libs/application/src/audit/sealed-record';
import { projectOfJobId } from '../../../../../libs/domain/src/shared/ids';
import type { ApiClient } from '../../api-client';
import { whenAdmitted } from '../../rate-limited';
import { jobAuditEvents } from './events';
import { clientFor, withConnection, type ConnectionOptions } from './connection';
import { print } from './table';

type LedgerPage = { records: AuditEvent<SealedRecord>[]; next: number | null };

/** The project's chain from its first record until it holds every one of `recordIds` (or ends). */
const chainUpTo = async (api: ApiClient, project: string, recordIds: ReadonlySet<string>) => {
  const chain: AuditEvent<SealedRecord>[] = [];
  const missing = new Set(recordIds);
  for (let from: number | null = 1; from !== null && missing.size;) {
    const page: LedgerPage = await api.get<LedgerPage>(`/audit/ledger/${encodeURIComponent(project)}/records?from=${from}&limit=1000`);
    chain.push(...page.records);
    for (const e of page.records) missing.delete(e.data.recordId);
    from = page.next;
  }
  return chain;
};

/**
 * Evidence bytes of the job's records, fetched as an auditor sees them. Bytes the server does not
 * have are left out, not a reason to write no export: verifying it then names each one missing.
 */
const blobsOf = async (api: ApiClient, jobId: string, records: readonly SealedRecord[]) =>
  (await Promise.all(records.flatMap(evidenceOf).map(async (e) => {
    const response = await whenAdmitted(() => fetch(api.url(`/jobs/${encodeURIComponent(jobId)}/evidence/${encodeURIComponent(e.evidenceId)}/content`), {
      headers: { authorization: `Bearer ${api.token}` },
    }));
    if (response.status === 404) return [];
    if (!response.ok) throw new Error(`evidence ${e.evidenceId}: ${response.status}`);
    return [{ sha256: e.sha256, contentType: response.headers.get('content-type') ?? 'application/octet-stream', bytes: Buffer.from(await response.arrayBuffer()) }];
  }))).flat();

export const exportJob = async (api: ApiClient, jobId: string, withBlobs: boolean): Promise<ExportLine[]> => {
  const { events } = await jobAuditEvents(api, jobId);
  const records = events.filter((e) => e.type === 'RecordSealed').map((e) => e.data as SealedRecord);
  const projectSlug = projectOfJobId(jobId);
  const chain = records.length ? await chainUpTo(api, projectSlug, new Set(records.map((r) => r.recordId))) : [];
  const blobs = withBlobs ? await blobsOf(api, jobId, records) : undefined;
  return buildExport({ jobId, projectSlug, source: api.baseUrl, exportedAt: new Date().toISOString(), events, chain, blobs });
};

export const registerAuditExport = (audit: Command) =>
  withConnection(audit.command('export').argument('<jobId>', 'the job').description("a job's streams and its project's chain of records as JSON Lines, for offline verification"))
    .option('-o, --out <file>', 'write to this file (default: standard output)')
    .option('--with-blobs', 'include the evidence bytes (base64), so offline verification checks them too')
    .addHelpText('after', '\nExamples:\n  jobledger audit export detailing-1a2b3c4d --out job.jsonl\n  jobledger audit export detailing-1a2b3c4d --with-blobs > job.jsonl\n  jobledger audit verify --file job.jsonl')
    .action(async (jobId: string, o: ConnectionOptions & { out?: string; withBlobs?: boolean }) => {
      const lines = await exportJob(clientFor(o), jobId, !!o.withBlobs);
      if (!o.out) return print(formatExport(lines));
      writeFileSync(o.out, formatExport(lines));
      const count = (kind: ExportLine['kind']) => lines.filter((l) => l.kind === kind).length;
      const summary = { file: o.out, events: count('event'), chain: count('chain'), blobs: count('blob') };
      print(o.json ? `${JSON.stringify(summary)}\n` : `wrote ${o.out}: ${summary.events} events, ${summary.chain} chained records, ${summary.blobs} evidence blobs\n`);
    });
