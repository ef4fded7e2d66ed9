import type { RecordSealed } from '../../libs/domain/src/record/events';
import { projectOfJobId } from '../../libs/domain/src/shared/ids';
import { idOf } from '../../libs/domain/src/shared/streams';
import type { RecordedEvent } from '../../libs/eventstore/src/port';
import type { ProjectionWriter } from '../../libs/readstore/src/port';
import type { Projection } from '../projection';
import { isEvent } from '../shared/events';
import { alreadyApplied, changedAt, positionOf, touched } from '../shared/position';
import { emptyMetrics, MAX_DURATIONS, METRICS, METRICS_JOBS, scopesOf, type MetricsDoc, type MetricsJobDoc } from './document';

/** Applies one change to the global and the project document, each guarded by its own position. */
const bump = async (writer: ProjectionWriter, event: RecordedEvent, projectSlug: string, change: (doc: MetricsDoc) => MetricsDoc) => {
  for (const id of scopesOf(projectSlug)) {
    const doc = (await writer.get<MetricsDoc>(METRICS, id)) ?? emptyMetrics(id, changedAt(event));
    if (!alreadyApplied(doc, event)) writer.put(METRICS, touched(change(doc), event));
  }
};

const secondsBetween = (from: string, to: string): number => Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);

const withRecord = (record: RecordSealed['data'], job: MetricsJobDoc | null) => (doc: MetricsDoc): MetricsDoc => {
  // Work submitted for review ended at the submission, as work completed and then reviewed ends
  // at its completion: the reviewer's wait is neither claim→complete time nor another day's work.
  // Rule 2 records carry that time already; rule 1 records (sealing-rule.ts) carry the approval's.
  // A forced record is dated at the force, as the sealer dates it: its attempt may have been
  // submitted and rejected long before, and that work did not end then.
  const endedAt = (record.serviceEventId && !record.forced && job?.submissions?.[record.serviceEventId]) || record.completedAt;
  const day = endedAt.slice(0, 10);
  // A forced record may carry an attempt that failed or stalled long before: no work ended when it was sealed.
  const claimedAt = record.serviceEventId && !record.forced ? job?.claims[record.serviceEventId] : undefined;
  const categories = new Set(record.evidence.map((e) => e.category));
  const compliant = (job?.requiredEvidence ?? []).every((c) => categories.has(c));
  return {
    ...doc,
    completedPerDay: { ...doc.completedPerDay, [day]: (doc.completedPerDay[day] ?? 0) + 1 },
    claimToCompleteSeconds: claimedAt
      ? [...doc.claimToCompleteSeconds, secondsBetween(claimedAt, endedAt)].slice(-MAX_DURATIONS)
      : doc.claimToCompleteSeconds,
    records: doc.records + 1,
    compliantRecords: doc.compliantRecords + (compliant ? 1 : 0),
    forcedRecords: doc.forcedRecords + (record.forced ? 1 : 0),
  };
};

const apply = async (event: RecordedEvent, writer: ProjectionWriter): Promise<void> => {
  if (isEvent(event, 'JobCreated')) {
    const { jobId, projectSlug, requiredEvidence } = event.data;
    if (!(await writer.get(METRICS_JOBS, jobId))) {
      writer.put(METRICS_JOBS, { _id: jobId, projectSlug, requiredEvidence, claims: {}, lastPosition: positionOf(event) } satisfies MetricsJobDoc);
    }
    // A project is in the metrics from its first job on, before anything was completed.
    await bump(writer, event, projectSlug, (doc) => doc);
    return;
  }
  if (isEvent(event, 'JobClaimed')) {
    const job = await writer.get<MetricsJobDoc>(METRICS_JOBS, idOf(event.streamId));
    if (!job || alreadyApplied(job, event)) return;
    writer.put(METRICS_JOBS, { ...job, claims: { ...job.claims, [event.data.serviceEventId]: event.metadata.occurredAt }, lastPosition: positionOf(event) });
    return;
  }
  if (isEvent(event, 'JobSubmittedForReview')) {
    const job = await writer.get<MetricsJobDoc>(METRICS_JOBS, idOf(event.streamId));
    if (!job || alreadyApplied(job, event)) return;
    const submissions = { ...job.submissions, [event.data.serviceEventId]: event.metadata.occurredAt };
    writer.put(METRICS_JOBS, { ...job, submissions, lastPosition: positionOf(event) });
    return;
  }
  if (isEvent(event, 'RecordSealed')) {
    const record = event.data;
    const job = await writer.get<MetricsJobDoc>(METRICS_JOBS, record.jobId);
    await bump(writer, event, record.projectSlug, withRecord(record, job));
    return;
  }
  if (isEvent(event, 'SignalEmitted')) {
    await bump(writer, event, projectOfJobId(event.data.jobId), (doc) => ({ ...doc, signals: doc.signals + 1 }));
  }
};

export const metricsProjection: Projection = {
  name: 'metrics',
  collections: [{ name: METRICS, indexes: [] }, { name: METRICS_JOBS, indexes: [] }],
  eventTypes: ['JobCreated', 'JobClaimed', 'JobSubmittedForReview', 'RecordSealed', 'SignalEmitted'],
  apply,
};
