import type { Assignee } from '../shared/assignee';
import type { Event } from '../shared/event';
import type { Json } from '../shared/json';
import type { Execution } from './execution';
import type { Customer } from '../request/events';

export type { Execution } from './execution';

export const PHASES = ['idea', 'backlog', 'ready', 'active', 'review', 'done', 'cancelled'] as const;
export type Phase = (typeof PHASES)[number];
export const CREATABLE_PHASES = ['idea', 'backlog', 'ready'] as const;
export type CreatablePhase = (typeof CREATABLE_PHASES)[number];
export const RESOLUTIONS = ['completed', 'failed', 'closed', 'force_completed'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
export const SERVICE_EVENT_STATUSES = ['queued', 'in_progress', 'completed', 'failed', 'released', 'waiting'] as const;
export type ServiceEventStatus = (typeof SERVICE_EVENT_STATUSES)[number];
export const PAYMENT_STATES = ['paid', 'unpaid', 'partial'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];
export const RELATIONS = ['blocked_by', 'blocks', 'waits_for', 'conditional_blocks'] as const;
export type Relation = (typeof RELATIONS)[number];

export type Payment = { readonly state: PaymentState; readonly amount?: number; readonly currency?: string };
export type Outcome = { readonly notes?: string; readonly issues?: string; readonly recommendations?: string };
export type JobCreatedData = {
  jobId: string;
  projectSlug: string;
  parentId?: string;
  depth: number;
  title: string;
  description: string;
  acceptanceCriteria?: string;
  origin?: { requestId: string; taskId: string };
  intake?: { details: string; notes: string; intakeNotes: string };
  surface?: string;
  tier?: string;
  customer?: Customer;
  assignee?: Assignee;
  priority: number;
  phase: Phase;
  requiredEvidence: string[];
  allowedEvidence: string[];
  reviewRequired: boolean;
  maxAttempts: number;
  execution?: Execution;
};

export type JobCreated = Event<'JobCreated', JobCreatedData>;
/**
 * `job`: the child's creation data, complete with its id. The allocation and the child's
 * `JobCreated` are two streams; the child-creator reactor creates the child from this event
 * alone (docs/decisions.md). Absent only on allocations that predate it.
 */
export type JobChildAllocated = Event<'JobChildAllocated', { childId: string; n: number; job?: JobCreatedData }>;
export type JobUpdated = Event<
  'JobUpdated',
  {
    changes: {
      title?: string;
      description?: string;
      acceptanceCriteria?: string;
      priority?: number;
      phase?: CreatablePhase;
      assignee?: Assignee | null;
    };
  }
>;
export type JobDependencyAdded = Event<'JobDependencyAdded', { relatedJobId: string; relation: Relation }>;
export type JobDependencyRemoved = Event<'JobDependencyRemoved', { relatedJobId: string; relation: Relation }>;
export type JobClaimed = Event<
  'JobClaimed',
  {
    serviceEventId: string;
    attemptNumber: number;
    claimant: Assignee;
    leaseExpiresAt: string;
    deadlineAt?: string;
    harness?: string;
    sessionId?: string;
  }
>;
export type ServiceEventStarted = Event<'ServiceEventStarted', { serviceEventId: string; startedAt: string }>;
/** The heartbeat: the claimant is alive, the lease runs on (see docs/decisions.md). */
export type LeaseExtended = Event<'LeaseExtended', { serviceEventId: string; leaseExpiresAt: string }>;
export type EvidenceCaptured = Event<
  'EvidenceCaptured',
  {
    serviceEventId: string;
    evidenceId: string;
    category: string;
    contentType: string;
    sizeBytes: number;
    sha256: string;
    blobRef: string;
    note?: string;
    capturedAt: string;
  }
>;
export type ServiceEventCompleted = Event<
  'ServiceEventCompleted',
  {
    serviceEventId: string;
    completedAt: string;
    payment?: Payment;
    outcome?: Outcome;
    summary?: string;
    result?: Json;
  }
>;
export type ServiceEventFailed = Event<'ServiceEventFailed', { serviceEventId: string; reason: string; result?: Json }>;
export type ServiceEventWaiting = Event<
  'ServiceEventWaiting',
  { serviceEventId: string; summary: string; reason: string; deferUntil?: string }
>;
export type JobReleased = Event<'JobReleased', { serviceEventId: string; reason: string }>;
export type JobSubmittedForReview = Event<'JobSubmittedForReview', { serviceEventId: string; summary: string }>;
export type JobApproved = Event<'JobApproved', { comment?: string }>;
export type JobRejected = Event<'JobRejected', { reason: string }>;
export type JobClosed = Event<'JobClosed', { reason: string }>;
export type JobCancelled = Event<'JobCancelled', { reason: string }>;
export type JobForceCompleted = Event<'JobForceCompleted', { reason: string }>;
export type JobResubmitted = Event<'JobResubmitted', { reason: string }>;
export type JobReassigned = Event<'JobReassigned', { from: Assignee | null; to: Assignee; reason: string }>;

export type JobEvent =
  | JobCreated
  | JobChildAllocated
  | JobUpdated
  | JobDependencyAdded
  | JobDependencyRemoved
  | JobClaimed
  | ServiceEventStarted
  | LeaseExtended
  | EvidenceCaptured
  | ServiceEventCompleted
  | ServiceEventFailed
  | ServiceEventWaiting
  | JobReleased
  | JobSubmittedForReview
  | JobApproved
  | JobRejected
  | JobClosed
  | JobCancelled
  | JobForceCompleted
  | JobResubmitted
  | JobReassigned;

export type JobEventType = JobEvent['type'];

// A record, not a list: the compiler refuses it when a type is added to JobEvent and not here.
const JOB_EVENT_TYPES: Record<JobEventType, true> = {
  JobCreated: true, JobChildAllocated: true, JobUpdated: true, JobDependencyAdded: true, JobDependencyRemoved: true,
  JobClaimed: true, ServiceEventStarted: true, LeaseExtended: true, EvidenceCaptured: true, ServiceEventCompleted: true,
  ServiceEventFailed: true, ServiceEventWaiting: true, JobReleased: true, JobSubmittedForReview: true, JobApproved: true,
  JobRejected: true, JobClosed: true, JobCancelled: true, JobForceCompleted: true, JobResubmitted: true, JobReassigned: true,
};

/** Whether a stored type is one a job stream holds (an auditor reads streams that may have been edited). */
export const isJobEventType = (type: string): type is JobEventType => Object.hasOwn(JOB_EVENT_TYPES, type);
