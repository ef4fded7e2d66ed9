import type { Command } from 'commander';
import { parseExport } from '../../../../../libs/application/src/audit/audit-export';
import { verifyExport, type ExportVerification } from '../../../../../libs/application/src/audit/export-verification';
import type { Check } from '../../../../../libs/application/src/audit/verification';
import { reportFailure } from '../../failure';
import { readArgumentFile } from '../shared/argument-file';
import { UsageError } from '../shared/usage-error';
import { clientFor, withConnection, type ConnectionOptions } from './connection';
import { print, printJson, table } from './table';

type RecordVerification = { recordId: string; jobId?: string; projectSlug?: string; valid: boolean; checks: readonly Check[] };

/** Exit codes: 0 valid, 1 invalid, 2 could not verify (no such record, server or file unreadable). */
export const EXIT_INVALID = 1;
export const EXIT_UNVERIFIED = 2;

const checkRows = (checks: readonly Check[]) => checks.map((c) => [c.ok ? 'ok' : 'FAIL', c.name, c.detail]);
const verdict = (valid: boolean) => (valid ? 'VALID' : 'INVALID');

const printRecord = (r: RecordVerification) => {
  print(`record ${r.recordId}${r.jobId ? ` (job ${r.jobId}, project ${r.projectSlug})` : ''}: ${verdict(r.valid)}\n`);
  print(table(['', 'CHECK', 'DETAIL'], checkRows(r.checks)));
};

const printOffline = (file: string, v: ExportVerification) => {
  print(`export ${file} of job ${v.jobId}, verified offline: ${verdict(v.valid)}\n`);
  if (!v.records.length) print('it holds no sealed record: nothing to verify\n');
  for (const r of v.records) {
    print('\n');
    printRecord(r);
    for (const n of r.notChecked) print(`  not checked offline: ${n}\n`);
  }
  print(`\nchain of records in the export: ${verdict(v.chain.valid)}\n`);
  print(table(['', 'CHECK', 'DETAIL'], checkRows(v.chain.checks)));
  for (const n of v.chain.notChecked) print(`  not checked offline: ${n}\n`);
};

const offline = (file: string, o: { json?: boolean }) => {
  const result = verifyExport(parseExport(readArgumentFile('--file', file)));
  if (o.json) printJson(result);
  else printOffline(file, result);
  return result.valid;
};

const online = async (recordId: string, o: ConnectionOptions) => {
  const result = await clientFor(o).get<RecordVerification>(`/audit/records/${encodeURIComponent(recordId)}/verify`);
  if (o.json) printJson(result);
  else printRecord(result);
  return result.valid;
};

export const registerAuditVerify = (audit: Command) =>
  withConnection(audit.command('verify').argument('[recordId]', 'the record to verify on the server').description('verify a sealed record on the server, or an export offline (exit 0 valid, 1 invalid, 2 could not verify)'))
    .option('-f, --file <export.jsonl>', 'verify an `audit export` file offline, without a server')
    .addHelpText('after', [
      '', 'Examples:',
      '  jobledger audit verify 0f8e…-record-id            # on the server: content hash, job stream, chain, evidence bytes',
      '  jobledger audit export detailing-1a2b3c4d --with-blobs --out job.jsonl',
      '  jobledger audit verify --file job.jsonl           # offline: no server, no token',
      '', 'Offline, evidence bytes are checked only when exported (--with-blobs), and records sealed after the export',
      'are not seen: keep a ledger digest (GET /audit/ledger/:project/digest) and verify it on the server for those.',
    ].join('\n'))
    .action(async (recordId: string | undefined, o: ConnectionOptions & { file?: string }) => {
      if (!recordId === !o.file) throw new UsageError('name a record id, or an export with --file, not both');
      try {
        const valid = o.file ? offline(o.file, o) : await online(recordId as string, o);
        if (!valid) process.exitCode = EXIT_INVALID;
      } catch (e) {
        // Printed as every failure is (SERVER_UNREACHABLE, 404 RECORD_NOT_FOUND, JSON with --json),
        // but exit 2 whatever it was: 1 would say "invalid" (docs/audit.md).
        reportFailure(e, o.json === true);
        process.exitCode = EXIT_UNVERIFIED;
      }
    });
