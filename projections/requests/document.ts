import type { Resolution } from '../../libs/domain/src/job/events';
import type { Customer, RequestSubmitted } from '../../libs/domain/src/request/events';
import type { Recorded } from '../shared/events';
import type { Lifecycle } from '../shared/lifecycle';
import { changedAt, positionOf } from '../shared/position';

export const REQUESTS = 'requests';
/**
 * Auxiliary: task and job events do not name their request, so `task:<taskId>` and
 * `job:<jobId>` map to it; a job's link also folds the job's lifecycle (the status a
 * requester sees depends on where the job stands, which its events alone do not say).
 */
export const REQUEST_LINKS = 'request_links';

export type RequestStatus =
  | 'submitted' | 'withdrawn' | 'in_review' | 'approved' | 'declined' | 'scheduled' | 'in_progress' | 'completed' | 'cancelled';

/** The `requests` document: a request's status as its requester sees it (no internals, no signals). */
export type RequestDoc = {
  readonly _id: string;
  readonly requestId: string;
  readonly projectSlug: string;
  readonly surface: string;
  readonly tier: string;
  readonly customer: Customer;
  readonly details: string;
  readonly notes: string;
  /** `metadata.actor.id` of RequestSubmitted: whose "my requests" list it is on. */
  readonly requester: string;
  readonly status: RequestStatus;
  /** How the job ended, once it is done: tells a `cancelled` request that failed or was closed apart. */
  readonly resolution: Resolution | null;
  readonly taskId: string | null;
  readonly jobId: string | null;
  readonly submittedAt: string;
  readonly updatedAt: string;
  readonly lastPosition: string;
};

export type TaskLinkDoc = { readonly _id: string; readonly requestId: string; readonly lastPosition: string };
export type JobLinkDoc = Lifecycle & {
  readonly _id: string;
  readonly requestId: string;
  /**
   * The job was claimed at least once. Not `attemptsUsed > 0`: a voluntary release, a
   * `waiting` attempt and a resubmit give attempts back, and the work has still started.
   */
  readonly claimed: boolean;
  readonly lastPosition: string;
};

export const taskLinkId = (taskId: string) => `task:${taskId}`;
export const jobLinkId = (jobId: string) => `job:${jobId}`;

export const newRequestDoc = (event: Recorded<RequestSubmitted>): RequestDoc => {
  const d = event.data;
  return {
    _id: d.requestId,
    requestId: d.requestId,
    projectSlug: d.projectSlug,
    surface: d.surface,
    tier: d.tier,
    customer: d.customer,
    details: d.details,
    notes: d.notes,
    requester: event.metadata.actor.id,
    status: 'submitted',
    resolution: null,
    taskId: null,
    jobId: null,
    submittedAt: event.metadata.occurredAt,
    updatedAt: changedAt(event),
    lastPosition: positionOf(event),
  };
};
