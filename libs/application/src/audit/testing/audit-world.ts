import type { JobEvent } from '../../../../domain/src/job/events';
import { recordContentHash } from '../../../../domain/src/record/seal';
import { sha256Hex } from '../../../../domain/src/shared/hashing';
import { streams } from '../../../../domain/src/shared/streams';
import { claimed, jobCreated, started } from '../../../../domain/src/testing/job-fixtures';
import { toJobStreamEvent, type AuditEvent } from '../audit-event';
import { sealingsOf, type SealedRecord } from '../sealed-record';

/** Evidence bytes whose sha256 the job events carry, so blob checks have something real to hash. */
export const photoBytes = (label: string) => Buffer.from(`photo:${label}`);

const meta = { actor: { id: 'operator:alice', role: 'operator' as const }, correlationId: 'c', causationId: 'c', commandId: 'c', schemaVersion: 1 };

/** Audit events of one stream, at consecutive global positions from `position`. */
export const auditEvents = (stream: string, events: readonly { type: string; data: unknown }[], position: number): AuditEvent[] =>
  events.map((e, i) => ({
    ...meta, stream, revision: i, position: String(position + i), eventId: `${stream}#${i}`, type: e.type, data: e.data,
    occurredAt: `2026-03-02T10:${String(position + i).padStart(2, '0')}:00.000Z`, recordedAt: '2026-03-02T10:00:00.000Z',
  }));

/** Attempt n: claimed, photographed (before/after, with real hashes) and completed. */
const attempt = (se: string, n: number, amount: number): JobEvent[] => {
  const photo = (category: string): JobEvent => ({
    type: 'EvidenceCaptured',
    data: { serviceEventId: se, evidenceId: `${se}-${category}`, category, contentType: 'image/png', sizeBytes: 10, sha256: sha256Hex(photoBytes(`${se}-${category}`)), blobRef: 'fs:x', capturedAt: '2026-03-02T10:00:00.000Z' },
  });
  return [
    claimed(se, n), started(se), photo('before'), photo('after'),
    { type: 'ServiceEventCompleted', data: { serviceEventId: se, completedAt: '2026-03-02T11:00:00.000Z', payment: { state: 'paid', amount } } },
  ];
};

/** A job claimed, photographed and completed without review. */
export const workedJob = (jobId: string, amount: number): JobEvent[] => [
  jobCreated({ jobId, surface: 'auto-detailing', tier: 'premium', customer: { name: 'Dana', contact: 'dana@example.com' } }),
  ...attempt(`se-${jobId}`, 1, amount),
];

/** Attempt n of a job worked before (after a resubmit): another ServiceEvent, its own photos. */
export const reworked = (jobId: string, n: number, amount: number): JobEvent[] => attempt(`se-${jobId}-${n}`, n, amount);

export type AuditWorld = { readonly jobStreams: AuditEvent[][]; readonly chain: AuditEvent<SealedRecord>[]; readonly blobs: Map<string, Uint8Array | null> };

/** Jobs of project `detailing`, each sealed in turn by the same rules as the sealer: a chain of records. */
export const auditWorld = (amounts: readonly number[]): AuditWorld => {
  let position = 0;
  let previousRecordHash: string | null = null;
  const jobStreams: AuditEvent[][] = [];
  const chain: AuditEvent<SealedRecord>[] = [];
  const blobs = new Map<string, Uint8Array | null>();
  amounts.forEach((amount, i) => {
    const jobId = `detailing-0000000${i}`;
    const events = workedJob(jobId, amount);
    const jobStream = auditEvents(streams.job(jobId), events, position);
    position += jobStream.length;
    for (const sealing of sealingsOf(jobStream.map(toJobStreamEvent))) {
      const body = { ...sealing.body, previousRecordHash };
      const data: SealedRecord = { ...body, contentHash: recordContentHash(body) };
      chain.push(...(auditEvents(streams.record(sealing.recordId), [{ type: 'RecordSealed', data }], position++) as AuditEvent<SealedRecord>[]));
      previousRecordHash = data.contentHash;
      for (const e of data.evidence) blobs.set(e.sha256, photoBytes(e.evidenceId));
    }
    jobStreams.push(jobStream);
  });
  return { jobStreams, chain, blobs };
};
