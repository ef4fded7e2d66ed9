import type { AuditEvent } from './audit-event';
import type { SealedRecord } from './sealed-record';

export const EXPORT_FORMAT = 'jobledger-audit-export';
export const EXPORT_VERSION = 1;

/**
 * One line of `jobledger audit export` (JSON Lines): a header, then the events of the job's
 * streams (job, joblog, record, signal) in global order, then the project's chain of records
 * from its first up to the job's last, then — when asked for — the evidence bytes.
 */
export type ExportLine =
  | { readonly kind: 'header'; readonly format: typeof EXPORT_FORMAT; readonly version: number; readonly jobId: string; readonly projectSlug: string; readonly exportedAt: string; readonly source: string; readonly withBlobs?: boolean }
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

export type ExportInput = {
  readonly jobId: string;
  readonly projectSlug: string;
  readonly source: string;
  readonly exportedAt: string;
  /** The job's streams, as `/audit/jobs/:id/events` serves them. */
  readonly events: readonly AuditEvent[];
  /** The project's records in sealing order, from the first (at least up to the job's last record). */
  readonly chain: readonly AuditEvent<SealedRecord>[];
  /** The bytes of every evidence of the job's records; absent when they were not exported. */
  readonly blobs?: readonly { readonly sha256: string; readonly contentType: string; readonly bytes: Uint8Array }[];
};

/** The export's lines; the chain is cut after the job's last record (later ones are not the job's business). */
export const buildExport = (input: ExportInput): ExportLine[] => {
  // By stream, not by the data's recordId: an export of an edited log is written whole too.
  const own = new Set(input.events.filter((e) => e.type === 'RecordSealed').map((e) => e.stream));
  const last = input.chain.reduce((at, e, i) => (own.has(e.stream) ? i : at), -1);
  return [
    { kind: 'header', format: EXPORT_FORMAT, version: EXPORT_VERSION, jobId: input.jobId, projectSlug: input.projectSlug, exportedAt: input.exportedAt, source: input.source, withBlobs: input.blobs !== undefined },
    ...input.events.map((event): ExportLine => ({ kind: 'event', event })),
    ...input.chain.slice(0, last + 1).map((event): ExportLine => ({ kind: 'chain', event })),
    ...(input.blobs ?? []).map((b): ExportLine => ({ kind: 'blob', sha256: b.sha256, contentType: b.contentType, base64: Buffer.from(b.bytes).toString('base64') })),
  ];
};

export const formatExport = (lines: readonly ExportLine[]): string => lines.map((l) => `${JSON.stringify(l)}\n`).join('');
