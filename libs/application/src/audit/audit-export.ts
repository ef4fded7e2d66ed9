import { canonicalJson } from '../../../domain/src/shared/hashing';
import type { Json } from '../../../domain/src/shared/json';
import { streams } from '../../../domain/src/shared/streams';
import { byPosition, type AuditEvent } from './audit-event';
import { checkChainLinks, checkContentHashes } from './ledger-checks';
import { recordChecks } from './record-checks';
import type { SealedRecord } from './sealed-record';
import { check, verification, type Check, type Verification } from './verification';

export const EXPORT_FORMAT = 'jobledger-audit-export';
export const EXPORT_VERSION = 1;

/**
 * One line of `jobledger audit export` (JSON Lines): a header, then the events of the job's
 * streams (job, joblog, record, signal) in global order, then the project's chain of records
 * from its first up to the job's last, then — when asked for — the evidence bytes.
 */
export type ExportLine =
  | { readonly kind: 'header'; readonly format: typeof EXPORT_FORMAT; readonly version: number; readonly jobId: string; readonly projectSlug: string; readonly exportedAt: string; readonly source: string }
  | { readonly kind: 'event'; readonly event: AuditEvent }
  | { readonly kind: 'chain'; readonly event: AuditEvent<SealedRecord> }
  | { readonly kind: 'blob'; readonly sha256: string; readonly contentType: string; readonly base64: string };

const KINDS = new Set(['header', 'event', 'chain', 'blob']);

/** Parses an export, refusing anything that is not one JSON object of a known kind per line. */
export const parseExport = (text: string): ExportLine[] => {
  // Line numbers are the file's own, blank lines included, so an error points at the right one.
  const lines = text.split('\n').map((line, i) => ({ line: line.trim(), i })).filter((l) => l.line);
  const parsed = lines.map(({ line, i }) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`line ${i + 1} is not JSON`);
    }
    const kind = (value as { kind?: unknown } | null)?.kind;
    if (typeof kind !== 'string' || !KINDS.has(kind)) throw new Error(`line ${i + 1} is not an export line (kind: ${String(kind)})`);
    return value as ExportLine;
  });
  const header = parsed[0];
  if (header?.kind !== 'header' || header.format !== EXPORT_FORMAT) throw new Error(`not a ${EXPORT_FORMAT} file: the first line must be its header`);
  if (header.version !== EXPORT_VERSION) throw new Error(`${EXPORT_FORMAT} version ${header.version} is not supported (expected ${EXPORT_VERSION})`);
  return parsed;
};

export type RecordVerification = Verification & { readonly recordId: string; readonly notChecked: readonly string[] };

export type ExportVerification = {
  readonly valid: boolean;
  readonly jobId: string;
  readonly records: readonly RecordVerification[];
  readonly chain: Verification & { readonly notChecked: readonly string[] };
};

const same = (a: unknown, b: unknown) => canonicalJson(a as Json) === canonicalJson(b as Json);

/**
 * Offline verification of an export: every record of the job against the exported job stream,
 * its neighbours in the exported chain and the exported bytes; the chain's own links. What the
 * file does not hold (bytes not exported, records sealed after the export) is named, not assumed.
 */
export const verifyExport = (lines: readonly ExportLine[]): ExportVerification => {
  const header = lines[0];
  if (header?.kind !== 'header') throw new Error('the export has no header');
  const events = lines.flatMap((l) => (l.kind === 'event' ? [l.event] : []));
  const chain = lines.flatMap((l) => (l.kind === 'chain' ? [l.event] : [])).sort(byPosition).map((e) => e.data);
  const blobs = new Map(lines.flatMap((l) => (l.kind === 'blob' ? [[l.sha256, Buffer.from(l.base64, 'base64')] as const] : [])));
  const jobStream = events.filter((e) => e.stream === streams.job(header.jobId));
  const sealed = events.filter((e): e is AuditEvent<SealedRecord> => e.type === 'RecordSealed').sort(byPosition).map((e) => e.data);

  const records = sealed.map((record): RecordVerification => {
    const at = chain.findIndex((r) => r.recordId === record.recordId);
    const inChain: Check = at < 0
      ? check('in-chain', false, `record ${record.recordId} is not in the exported chain`)
      : check('in-chain', same(chain[at], record), same(chain[at], record) ? `#${at + 1} in the exported chain` : 'the exported chain holds a different version of it');
    const { checks, notChecked } = recordChecks({
      record, jobStream, blobs,
      previous: at > 0 ? chain[at - 1] : at === 0 && record.previousRecordHash === null ? null : undefined,
      next: at >= 0 && at + 1 < chain.length ? chain[at + 1] : undefined,
    });
    return { recordId: record.recordId, ...verification([inChain, ...checks]), notChecked };
  });

  const startsMidway = chain.length > 0 && chain[0].previousRecordHash !== null;
  const chainResult = {
    ...verification(chain.length ? [checkContentHashes(chain), checkChainLinks(chain, { startsMidway })] : []),
    notChecked: [
      ...(startsMidway ? ['records sealed before the first exported one'] : []),
      'records sealed after the export (verify a digest against the server for those)',
    ],
  };
  // An export without a sealed record proves nothing about records: it is not called valid.
  const valid = records.length > 0 && records.every((r) => r.valid) && chainResult.valid;
  return { valid, jobId: header.jobId, records, chain: chainResult };
};

export type ExportInput = {
  readonly jobId: string;
  readonly projectSlug: string;
  readonly source: string;
  readonly exportedAt: string;
  /** The job's streams, as `/audit/jobs/:id/events` serves them. */
  readonly events: readonly AuditEvent[];
  /** The project's records in sealing order, from the first (at least up to the job's last record). */
  readonly chain: readonly AuditEvent<SealedRecord>[];
  readonly blobs?: readonly { readonly sha256: string; readonly contentType: string; readonly bytes: Uint8Array }[];
};

/** The export's lines; the chain is cut after the job's last record (later ones are not the job's business). */
export const buildExport = (input: ExportInput): ExportLine[] => {
  const own = new Set(input.events.filter((e) => e.type === 'RecordSealed').map((e) => (e.data as SealedRecord).recordId));
  const last = input.chain.reduce((at, e, i) => (own.has(e.data.recordId) ? i : at), -1);
  return [
    { kind: 'header', format: EXPORT_FORMAT, version: EXPORT_VERSION, jobId: input.jobId, projectSlug: input.projectSlug, exportedAt: input.exportedAt, source: input.source },
    ...input.events.map((event): ExportLine => ({ kind: 'event', event })),
    ...input.chain.slice(0, last + 1).map((event): ExportLine => ({ kind: 'chain', event })),
    ...(input.blobs ?? []).map((b): ExportLine => ({ kind: 'blob', sha256: b.sha256, contentType: b.contentType, base64: Buffer.from(b.bytes).toString('base64') })),
  ];
};

export const formatExport = (lines: readonly ExportLine[]): string => lines.map((l) => `${JSON.stringify(l)}\n`).join('');
