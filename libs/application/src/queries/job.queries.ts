import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EvidenceCaptured } from '../../../domain/src/job/events';
import type { RecordSealed } from '../../../domain/src/record/events';
import { JOBS, type JobDoc } from '../../../../projections/jobs';
import { notFound } from '../../../domain/src/shared/errors';
import { streams } from '../../../domain/src/shared/streams';
import { MissingBlobError } from '../../../blobstore/src/errors';
import { BLOB_STORE, type BlobStore } from '../../../blobstore/src/port';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../../../eventstore/src/port';
import { READ_STORE, type Doc, type ReadStore } from '../../../readstore/src/port';
import { requireJobVisible, requireRole } from '../auth/policy';
import { presentJob } from '../jobs/job-views';
import { present } from './present';
import { GetEvidenceContentQuery, GetJobQuery, GetRecordQuery } from './queries';

@QueryHandler(GetJobQuery)
export class GetJobHandler implements IQueryHandler<GetJobQuery> {
  constructor(@Inject(READ_STORE) private readonly read: ReadStore) {}
  async execute({ principal, jobId }: GetJobQuery) {
    requireRole(principal, 'operator', 'agent', 'reviewer', 'auditor');
    const job = await this.read.collection<JobDoc>(JOBS).get(jobId);
    requireJobVisible(principal, job, jobId);
    return presentJob(job as JobDoc);
  }
}

@QueryHandler(GetRecordQuery)
export class GetRecordHandler implements IQueryHandler<GetRecordQuery> {
  constructor(@Inject(READ_STORE) private readonly read: ReadStore) {}
  async execute({ principal, recordId }: GetRecordQuery) {
    requireRole(principal, 'operator', 'auditor');
    const record = await this.read.collection<Doc & RecordSealed['data']>('records').get(recordId);
    const own = principal.role !== 'operator' || (record?.executor?.kind === 'operator' && record.executor.slug === principal.operator);
    if (!record || !own) throw notFound('RECORD_NOT_FOUND', `record ${recordId} not found`);
    return present(record);
  }
}

/** Evidence bytes are served only to who may see the job; the stream, not a projection, says what exists. */
@QueryHandler(GetEvidenceContentQuery)
export class GetEvidenceContentHandler implements IQueryHandler<GetEvidenceContentQuery> {
  constructor(
    @Inject(READ_STORE) private readonly read: ReadStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}
  async execute({ principal, jobId, evidenceId }: GetEvidenceContentQuery) {
    requireRole(principal, 'operator', 'agent', 'reviewer', 'auditor');
    requireJobVisible(principal, await this.read.collection<JobDoc>(JOBS).get(jobId), jobId);
    const events = await this.store.readStream(streams.job(jobId));
    const captured = events.find(
      (e): e is RecordedEvent<EvidenceCaptured['data']> => e.type === 'EvidenceCaptured' && (e.data as EvidenceCaptured['data']).evidenceId === evidenceId,
    );
    if (!captured) throw notFound('EVIDENCE_NOT_FOUND', `evidence ${evidenceId} not found`);
    const blob = await this.blobs.get(captured.data.sha256);
    if (!blob) throw new MissingBlobError(captured.data.sha256, `evidence ${evidenceId} of job ${jobId}`);
    return { bytes: blob.bytes, contentType: captured.data.contentType, sha256: captured.data.sha256 };
  }
}
