import type { JobEvent, ServiceEventStatus } from '../../libs/domain/src/job/events';
import { resultText } from '../../libs/domain/src/job/json-result';
import type { Json } from '../../libs/domain/src/shared/json';
import type { Handlers } from '../shared/events';
import { last, updateBy, upsertBy } from '../shared/lists';
import type { AttemptEntry, JobDoc } from './document';

/**
 * The attempts list (ServiceEvents). Every execution event names its ServiceEvent, so the
 * change goes to that entry; an id the list does not hold changes nothing.
 */
const bySeid = (a: AttemptEntry) => a.serviceEventId;
const patch = (doc: JobDoc, serviceEventId: string, change: (a: AttemptEntry) => Partial<AttemptEntry>): JobDoc => ({
  ...doc,
  attempts: updateBy(doc.attempts, bySeid, serviceEventId, (a) => ({ ...a, ...change(a) })),
});

export const isLive = (status: ServiceEventStatus): boolean => status === 'queued' || status === 'in_progress';

/**
 * The `summary` a harness put in its structured result (the json-result block), if any: trimmed,
 * and none when blank, as the attempt's own `summary` is decided from the same block.
 */
const summaryIn = (result: Json | undefined): string | null =>
  resultText(result && typeof result === 'object' && !Array.isArray(result) ? result.summary : undefined);

/** Close, cancel and force-complete end a running attempt `released`, as the decider does. */
const endLive = (doc: JobDoc, reason: string, at: string): JobDoc => {
  const live = last(doc.attempts);
  return live && isLive(live.status) ? patch(doc, live.serviceEventId, () => ({ status: 'released', endedAt: at, reason })) : doc;
};

export const attemptHandlers: Handlers<JobDoc, JobEvent> = {
  JobClaimed: (doc, { data: d, metadata }) => ({
    ...doc,
    attempts: upsertBy(doc.attempts, bySeid, {
      serviceEventId: d.serviceEventId,
      attemptNumber: d.attemptNumber,
      status: 'queued',
      claimant: d.claimant,
      claimedAt: metadata.occurredAt,
      startedAt: null,
      endedAt: null,
      leaseExpiresAt: d.leaseExpiresAt,
      deadlineAt: d.deadlineAt ?? null,
      harness: d.harness ?? null,
      sessionId: d.sessionId ?? null,
      evidence: [],
      payment: null,
      outcome: null,
      summary: null,
      resultSummary: null,
      result: null,
      reason: null,
    }),
  }),
  ServiceEventStarted: (doc, { data: d }) => patch(doc, d.serviceEventId, () => ({ status: 'in_progress', startedAt: d.startedAt })),
  LeaseExtended: (doc, { data: d }) => patch(doc, d.serviceEventId, () => ({ leaseExpiresAt: d.leaseExpiresAt })),
  EvidenceCaptured: (doc, { data: d }) =>
    patch(doc, d.serviceEventId, (a) => ({
      evidence: upsertBy(a.evidence, (e) => e.evidenceId, {
        evidenceId: d.evidenceId,
        category: d.category,
        contentType: d.contentType,
        sizeBytes: d.sizeBytes,
        sha256: d.sha256,
        note: d.note ?? null,
        capturedAt: d.capturedAt,
      }),
    })),
  ServiceEventCompleted: (doc, { data: d }) =>
    patch(doc, d.serviceEventId, () => ({
      status: 'completed',
      endedAt: d.completedAt,
      payment: d.payment ?? null,
      outcome: d.outcome ?? null,
      summary: d.summary ?? null,
      resultSummary: summaryIn(d.result) ?? d.summary ?? null,
      result: d.result ?? null,
    })),
  ServiceEventFailed: (doc, { data: d, metadata }) =>
    patch(doc, d.serviceEventId, () => ({
      status: 'failed',
      endedAt: metadata.occurredAt,
      reason: d.reason,
      resultSummary: summaryIn(d.result),
      result: d.result ?? null,
    })),
  ServiceEventWaiting: (doc, { data: d, metadata }) =>
    patch(doc, d.serviceEventId, () => ({
      status: 'waiting',
      endedAt: metadata.occurredAt,
      summary: d.summary,
      resultSummary: d.summary,
      reason: d.reason,
    })),
  JobReleased: (doc, { data: d, metadata }) =>
    patch(doc, d.serviceEventId, () => ({ status: 'released', endedAt: metadata.occurredAt, reason: d.reason })),
  // An agent's hand-over: its attempt is done (completed) and the job waits for a reviewer.
  JobSubmittedForReview: (doc, { data: d, metadata }) =>
    patch(doc, d.serviceEventId, (a) => ({
      status: 'completed',
      endedAt: a.endedAt ?? metadata.occurredAt,
      summary: d.summary,
      resultSummary: a.resultSummary ?? d.summary,
    })),
  JobClosed: (doc, e) => endLive(doc, e.data.reason, e.metadata.occurredAt),
  JobCancelled: (doc, e) => endLive(doc, e.data.reason, e.metadata.occurredAt),
  JobForceCompleted: (doc, e) => endLive(doc, e.data.reason, e.metadata.occurredAt),
};
