import { recordIdForServiceEvent } from '../../libs/domain/src/record/seal';
import type { JobCreatedData, Relation } from '../../libs/domain/src/job/events';
import type { AccessState } from '../../libs/domain/src/operator/events';
import type { Assignee } from '../../libs/domain/src/shared/assignee';
import type { Json } from '../../libs/domain/src/shared/json';
import type { RecordedEvent } from '../../libs/eventstore/src/port';
import type { DataOf } from '../shared/events';
import { recorded, type RecordedOverrides } from './recorded';

/** Event builders in the words of the domain, so a test reads as a story. */
export const operator = (slug: string): Assignee => ({ kind: 'operator', slug });
export const agent = (agentId: string): Assignee => ({ kind: 'agent', agentId });

const job = (jobId: string) => `job-${jobId}`;
const later = (minutes: number) => new Date(Date.UTC(2026, 0, 6) + minutes * 60_000).toISOString();

export const ev = {
  operatorRegistered: (slug: string, name = slug.toUpperCase(), canGovern = false) =>
    recorded(`operator-${slug}`, 'OperatorRegistered', { slug, name, canGovern }),
  accessChanged: (slug: string, from: AccessState, to: AccessState, reason = 'review') =>
    recorded(`operator-${slug}`, 'OperatorAccessChanged', { from, to, reason }),
  surfaceDefined: (key: string, requiredEvidence: string[] = [], allowedEvidence: string[] = []) =>
    recorded(`surface-${key}`, 'SurfaceDefined', { key, name: key, kind: 'physical', requiredEvidence, allowedEvidence }),
  policyChanged: (key: string, requiredEvidence: string[], allowedEvidence: string[] = []) =>
    recorded(`surface-${key}`, 'SurfaceEvidencePolicyChanged', { requiredEvidence, allowedEvidence }),
  projectCreated: (slug: string, reviewRequired = false, maxAttempts = 3) =>
    recorded(`project-${slug}`, 'ProjectCreated', { slug, name: slug, defaults: { reviewRequired, maxAttempts, git: {} } }),
  projectDefaultsChanged: (slug: string, reviewRequired: boolean, maxAttempts: number) =>
    recorded(`project-${slug}`, 'ProjectDefaultsChanged', { defaults: { reviewRequired, maxAttempts, git: {} } }),

  requestSubmitted: (requestId: string, overrides: Partial<DataOf<'RequestSubmitted'>> = {}, meta: RecordedOverrides = {}) =>
    recorded(`request-${requestId}`, 'RequestSubmitted', {
      requestId, projectSlug: 'acme', surface: 'auto-detailing', tier: 'gold',
      customer: { name: 'Ada Customer', contact: 'ada@example.com' }, details: 'Full detail of a blue sedan', notes: 'Gate code 1234',
      ...overrides,
    }, { actor: { id: 'requester-7', role: 'requester' }, ...meta }),
  requestIntaken: (requestId: string, taskId: string) =>
    recorded(`request-${requestId}`, 'RequestIntaken', { taskId, summary: 'Detail a blue sedan', intakeNotes: 'Customer prefers mornings' }),
  requestWithdrawn: (requestId: string, reason = 'changed my mind') => recorded(`request-${requestId}`, 'RequestWithdrawn', { reason }),

  taskOpened: (taskId: string, requestId: string) =>
    recorded(`task-${taskId}`, 'TaskOpened', {
      taskId, requestId, projectSlug: 'acme', surface: 'auto-detailing', tier: 'gold',
      summary: 'Detail a blue sedan', intakeNotes: 'Customer prefers mornings',
    }),
  taskApproved: (taskId: string, comment = 'ok') =>
    recorded(`task-${taskId}`, 'TaskApproved', { comment }, { actor: { id: 'gov-1', role: 'operator' } }),
  taskDeclined: (taskId: string, reason = 'out of area') => recorded(`task-${taskId}`, 'TaskDeclined', { reason }),
  taskAssigned: (taskId: string, assignee: Assignee) => recorded(`task-${taskId}`, 'TaskAssigned', { assignee }),
  taskConverted: (taskId: string, jobId: string) => recorded(`task-${taskId}`, 'TaskConverted', { jobId }),

  jobCreated: (jobId: string, overrides: Partial<JobCreatedData> = {}, meta: RecordedOverrides = {}) =>
    recorded(job(jobId), 'JobCreated', {
      jobId, projectSlug: 'acme', depth: 1, title: `Job ${jobId}`, description: `Job ${jobId}\nmore`,
      priority: 2, phase: 'ready', requiredEvidence: [], allowedEvidence: [], reviewRequired: false, maxAttempts: 3,
      ...overrides,
    }, meta),
  jobUpdated: (jobId: string, changes: DataOf<'JobUpdated'>['changes']) => recorded(job(jobId), 'JobUpdated', { changes }),
  childAllocated: (jobId: string, n: number) => recorded(job(jobId), 'JobChildAllocated', { childId: `${jobId}.${n}`, n }),
  dependencyAdded: (jobId: string, relatedJobId: string, relation: Relation) =>
    recorded(job(jobId), 'JobDependencyAdded', { relatedJobId, relation }),
  dependencyRemoved: (jobId: string, relatedJobId: string, relation: Relation) =>
    recorded(job(jobId), 'JobDependencyRemoved', { relatedJobId, relation }),

  claimed: (jobId: string, serviceEventId: string, attemptNumber: number, claimant: Assignee) =>
    recorded(job(jobId), 'JobClaimed', { serviceEventId, attemptNumber, claimant, leaseExpiresAt: later(attemptNumber * 10) }),
  started: (jobId: string, serviceEventId: string) =>
    recorded(job(jobId), 'ServiceEventStarted', { serviceEventId, startedAt: later(1) }),
  leaseExtended: (jobId: string, serviceEventId: string, minutes: number) =>
    recorded(job(jobId), 'LeaseExtended', { serviceEventId, leaseExpiresAt: later(minutes) }),
  evidence: (jobId: string, serviceEventId: string, evidenceId: string, category: string) =>
    recorded(job(jobId), 'EvidenceCaptured', {
      serviceEventId, evidenceId, category, contentType: 'image/jpeg', sizeBytes: 1024,
      sha256: `${evidenceId}`.padEnd(64, '0'), blobRef: `blob:${evidenceId}`, capturedAt: later(2),
    }),
  completed: (jobId: string, serviceEventId: string, extra: { summary?: string; result?: Json } = {}) =>
    recorded(job(jobId), 'ServiceEventCompleted', {
      serviceEventId, completedAt: later(3), payment: { state: 'paid', amount: 120, currency: 'EUR' },
      outcome: { notes: 'all good' }, ...extra,
    }),
  failed: (jobId: string, serviceEventId: string, reason = 'customer absent') =>
    recorded(job(jobId), 'ServiceEventFailed', { serviceEventId, reason }),
  waiting: (jobId: string, serviceEventId: string, deferUntil?: string) =>
    recorded(job(jobId), 'ServiceEventWaiting', { serviceEventId, summary: 'waiting on CI', reason: 'ci', ...(deferUntil && { deferUntil }) }),
  released: (jobId: string, serviceEventId: string, reason = 'lease_expired') =>
    recorded(job(jobId), 'JobReleased', { serviceEventId, reason }),
  submitted: (jobId: string, serviceEventId: string, summary = 'done, please review') =>
    recorded(job(jobId), 'JobSubmittedForReview', { serviceEventId, summary }),
  approved: (jobId: string) => recorded(job(jobId), 'JobApproved', {}),
  rejected: (jobId: string, reason = 'missing tests') => recorded(job(jobId), 'JobRejected', { reason }),
  closed: (jobId: string, reason = 'duplicate') => recorded(job(jobId), 'JobClosed', { reason }),
  cancelled: (jobId: string, reason = 'customer cancelled') => recorded(job(jobId), 'JobCancelled', { reason }),
  forceCompleted: (jobId: string, reason = 'done offline') => recorded(job(jobId), 'JobForceCompleted', { reason }),
  resubmitted: (jobId: string, reason = 'try again') => recorded(job(jobId), 'JobResubmitted', { reason }),
  reassigned: (jobId: string, from: Assignee | null, to: Assignee, reason = 'cover') =>
    recorded(job(jobId), 'JobReassigned', { from, to, reason }),

  recordSealed: (recordId: string, jobId: string, executor: Assignee | null, serviceEventId: string | null = null, completedAt = later(3)) =>
    recorded(`record-${recordId}`, 'RecordSealed', {
      recordId, jobId, serviceEventId, projectSlug: 'acme', executor, surface: 'auto-detailing', tier: 'gold',
      customer: { name: 'Ada Customer', contact: 'ada@example.com' }, evidence: [], payment: { state: 'paid' }, outcome: null,
      result: null, startedAt: later(1), completedAt, forced: false, jobStreamRevision: 9,
      contentHash: 'c'.repeat(64), previousRecordHash: null,
    }),
  signalEmitted: (recordId: string, jobId: string, earner: Assignee) =>
    recorded(`signal-${recordId}`, 'SignalEmitted', { signalId: `sig-${recordId}`, recordId, jobId, earner, kind: 'star' }),
};

/**
 * The governed service-job story of SPEC intro: a request passes intake, approval and
 * assignment, Create Job makes the job, the operator claims, starts, captures the required
 * evidence and completes; a record is sealed and a ⭐ signal follows. Returned as named
 * steps so a test can stop anywhere.
 */
export const serviceJobStory = (slug = 'dana', jobId = 'acme-0000000a', requestId = 'req-1', taskId = 'task-1') => {
  const governance = [
    ev.operatorRegistered(slug, 'Dana Diaz'),
    ev.surfaceDefined('auto-detailing', ['arrival', 'after'], ['before', 'signature']),
    ev.projectCreated('acme'),
    ev.requestSubmitted(requestId),
    ev.requestIntaken(requestId, taskId),
    ev.taskOpened(taskId, requestId),
    ev.taskApproved(taskId),
    ev.taskAssigned(taskId, operator(slug)),
    ev.taskConverted(taskId, jobId),
  ];
  const created = ev.jobCreated(jobId, {
    title: 'Detail a blue sedan', origin: { requestId, taskId },
    intake: { details: 'Full detail of a blue sedan', notes: 'Gate code 1234', intakeNotes: 'Customer prefers mornings' },
    surface: 'auto-detailing', tier: 'gold', customer: { name: 'Ada Customer', contact: 'ada@example.com' },
    assignee: operator(slug), requiredEvidence: ['arrival', 'after'], allowedEvidence: ['before', 'signature'],
  });
  const work = [
    ev.claimed(jobId, 'se-1', 1, operator(slug)),
    ev.started(jobId, 'se-1'),
    ev.evidence(jobId, 'se-1', 'ev-1', 'arrival'),
    ev.evidence(jobId, 'se-1', 'ev-2', 'after'),
    ev.completed(jobId, 'se-1', { summary: 'Car detailed' }),
  ];
  // The id the sealer derives from the completed ServiceEvent, as read models foresee it.
  const recordId = recordIdForServiceEvent('se-1');
  const sealed = [ev.recordSealed(recordId, jobId, operator(slug), 'se-1'), ev.signalEmitted(recordId, jobId, operator(slug))];
  return { governance, created, work, sealed, recordId, all: [...governance, created, ...work, ...sealed] as RecordedEvent[] };
};
