import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { RECORDS } from '../../../../projections/records/projection';
import { notFound } from '../../../domain/src/shared/errors';
import { streams } from '../../../domain/src/shared/streams';
import { BLOB_STORE, type BlobStore } from '../../../blobstore/src/port';
import { EVENT_STORE, type EventStore } from '../../../eventstore/src/port';
import { READ_STORE, type ReadStore } from '../../../readstore/src/port';
import { requireRole } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { requireProjectExists } from '../queries/project-exists';
import { toAuditEvent } from './audit-event';
import { jobAuditPage, jobStateAt, projectChain, readAuditStream, signalledRecordIds, storedLog } from './audit-reader';
import { checkChainLinks, checkContentHashes, checkDigest, checkSignalledRecords, hashChain, ledgerDigest } from './ledger-checks';
import {
  GetAuditStreamQuery, GetJobAuditEventsQuery, GetJobStateAtQuery, GetLedgerDigestQuery, GetLedgerRecordsQuery, VerifyLedgerQuery, VerifyRecordQuery,
} from './queries';
import { recordChecks } from './record-checks';
import { evidenceOf, shapeCheck, shapeProblems, type SealedRecord } from './sealed-record';
import { check, verification } from './verification';

/** Audit reads go to the log itself; only admins and auditors may make them. */
const requireAuditor = (p: Principal) => requireRole(p, 'auditor');

const requireJob = (found: boolean, jobId: string) => {
  if (!found) throw notFound('JOB_NOT_FOUND', `job ${jobId} not found`);
};

/** Audit handlers read the log as it is stored now, past the stream cache (see `storedLog`). */
abstract class LogReader {
  protected readonly store: EventStore;
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.store = storedLog(store);
  }
}

@QueryHandler(GetAuditStreamQuery)
export class GetAuditStreamHandler extends LogReader implements IQueryHandler<GetAuditStreamQuery> {
  async execute({ principal, stream, fromRevision, limit }: GetAuditStreamQuery) {
    requireAuditor(principal);
    const lastRevision = await this.store.streamRevision(stream);
    if (lastRevision < 0) throw notFound('STREAM_NOT_FOUND', `stream ${stream} not found`);
    const events = (await this.store.readStream(stream, { fromRevision, maxCount: limit })).map(toAuditEvent);
    const next = fromRevision + events.length;
    return { stream, lastRevision, events, nextRevision: next <= lastRevision ? next : null };
  }
}

@QueryHandler(GetJobAuditEventsQuery)
export class GetJobAuditEventsHandler extends LogReader implements IQueryHandler<GetJobAuditEventsQuery> {
  async execute({ principal, jobId, after, limit }: GetJobAuditEventsQuery) {
    requireAuditor(principal);
    // Paged by global position, which every stream's events share: a page never splits or repeats one.
    const { found, streams: names, events, more } = await jobAuditPage(this.store, jobId, after === undefined ? null : BigInt(after), limit);
    requireJob(found, jobId);
    return { jobId, streams: names, events, nextAfter: more ? events[events.length - 1].position : null };
  }
}

@QueryHandler(GetJobStateAtQuery)
export class GetJobStateAtHandler extends LogReader implements IQueryHandler<GetJobStateAtQuery> {
  async execute({ principal, jobId, revision }: GetJobStateAtQuery) {
    requireAuditor(principal);
    const jobStream = await readAuditStream(this.store, streams.job(jobId));
    requireJob(jobStream.length > 0, jobId);
    const lastRevision = jobStream[jobStream.length - 1].revision;
    const at = revision ?? lastRevision;
    if (at > lastRevision) throw notFound('REVISION_NOT_FOUND', `job-${jobId} has revisions 0..${lastRevision}, not ${at}`, { lastRevision });
    const event = jobStream.find((e) => e.revision === at);
    if (!event) throw notFound('REVISION_NOT_FOUND', `job-${jobId} has no revision ${at}`, { lastRevision });
    const { type, position, occurredAt, actor } = event;
    return { jobId, revision: at, lastRevision, event: { type, position, occurredAt, actor }, state: jobStateAt(jobStream, at) };
  }
}

@QueryHandler(VerifyRecordQuery)
export class VerifyRecordHandler extends LogReader implements IQueryHandler<VerifyRecordQuery> {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_STORE) private readonly read: ReadStore,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {
    super(store);
  }
  async execute({ principal, recordId }: VerifyRecordQuery) {
    requireAuditor(principal);
    const [sealed] = await this.store.readStream(streams.record(recordId), { maxCount: 1 });
    if (!sealed) {
      // Gone from the log but still in the read model: the sealed event itself was removed.
      const projected = await this.read.collection(RECORDS).get(recordId);
      if (!projected) throw notFound('RECORD_NOT_FOUND', `record ${recordId} not found`);
      return { recordId, ...verification([check('record-stream', false, `record-${recordId} is not in the log, yet the records read model holds it: the sealed event was removed`)]) };
    }
    const record = sealed.data as SealedRecord;
    const problems = shapeProblems(record);
    // Without its job and its project there is no stream or chain to check it against.
    if (problems.some((p) => p.field === null || p.field === 'jobId' || p.field === 'projectSlug')) return { recordId, ...verification([shapeCheck(problems)]) };
    const [jobStream, chain] = await Promise.all([readAuditStream(this.store, streams.job(record.jobId)), projectChain(this.store, record.projectSlug)]);
    const at = chain.findIndex((e) => e.eventId === sealed.id);
    const blobs = new Map(await Promise.all(evidenceOf(record).map(async (e) => [e.sha256, (await this.blobs.get(e.sha256))?.bytes ?? null] as const)));
    const { checks } = recordChecks({
      record, jobStream, blobs, previous: at > 0 ? chain[at - 1].data : null, next: at >= 0 ? (chain[at + 1]?.data ?? null) : null,
    });
    // Only an altered projectSlug takes a record out of its own project's chain.
    const inChain = at >= 0 ? [] : [check('in-chain', false, `record ${recordId} is not in the chain of project ${record.projectSlug}`)];
    return { recordId, jobId: record.jobId, projectSlug: record.projectSlug, ...verification([...inChain, ...checks]) };
  }
}

@QueryHandler(GetLedgerDigestQuery)
export class GetLedgerDigestHandler extends LogReader implements IQueryHandler<GetLedgerDigestQuery> {
  async execute({ principal, project }: GetLedgerDigestQuery) {
    requireAuditor(principal);
    await requireProjectExists(this.store, project);
    return ledgerDigest(project, (await projectChain(this.store, project)).map((e) => e.data));
  }
}

@QueryHandler(GetLedgerRecordsQuery)
export class GetLedgerRecordsHandler extends LogReader implements IQueryHandler<GetLedgerRecordsQuery> {
  async execute({ principal, project, from, limit }: GetLedgerRecordsQuery) {
    requireAuditor(principal);
    await requireProjectExists(this.store, project);
    const chain = await projectChain(this.store, project);
    const records = chain.slice(from - 1, from - 1 + limit);
    const next = from + records.length;
    return { project, recordCount: chain.length, from, records, next: next <= chain.length ? next : null };
  }
}

@QueryHandler(VerifyLedgerQuery)
export class VerifyLedgerHandler extends LogReader implements IQueryHandler<VerifyLedgerQuery> {
  async execute({ principal, project, count, headHash }: VerifyLedgerQuery) {
    requireAuditor(principal);
    await requireProjectExists(this.store, project);
    // Signals first: each follows its record's sealing, so every signal read has its record in the
    // chain read after it. Read side by side, with turns between pages, a record sealed and
    // signalled meanwhile could be found signalled but not yet in the chain.
    const signalled = await signalledRecordIds(this.store, project);
    const events = await projectChain(this.store, project);
    const chain = events.map((e) => e.data);
    await hashChain(chain);
    return {
      project,
      digest: { recordCount: count, headHash },
      today: ledgerDigest(project, chain),
      ...verification([...checkDigest(chain, count, headHash), checkContentHashes(chain), checkChainLinks(chain), checkSignalledRecords(chain, signalled)]),
    };
  }
}
