import type { JobCommand } from '../job/commands';
import type { JobCreated, JobCreatedData, JobEvent } from '../job/events';
import type { Assignee } from '../shared/assignee';

/** Builders for job-stream tests: events and commands with plain, readable defaults. */

export const NOW = '2026-03-02T09:00:00.000Z';
export const LATER = '2026-03-02T09:30:00.000Z';
export const LEASE = '2026-03-02T09:05:00.000Z';

export const alice: Assignee = { kind: 'operator', slug: 'alice' };
export const bob: Assignee = { kind: 'operator', slug: 'bob' };
export const agent: Assignee = { kind: 'agent', agentId: 'harness-7' };
export const ACTIVE = { access: 'active' } as const;

export const jobData = (overrides: Partial<JobCreatedData> = {}): JobCreatedData => ({
  jobId: 'detailing-0a1b2c3d',
  projectSlug: 'detailing',
  depth: 1,
  title: 'Full interior detail',
  description: 'Full interior detail\nSeats, carpets, dashboard',
  priority: 2,
  phase: 'ready',
  requiredEvidence: ['before', 'after'],
  allowedEvidence: ['arrival', 'before', 'after'],
  reviewRequired: false,
  maxAttempts: 2,
  assignee: alice,
  ...overrides,
});

export const jobCreated = (overrides: Partial<JobCreatedData> = {}): JobCreated => ({ type: 'JobCreated', data: jobData(overrides) });

export const claimed = (serviceEventId: string, attemptNumber: number, claimant: Assignee = alice, leaseExpiresAt = LEASE): JobEvent => ({
  type: 'JobClaimed',
  data: { serviceEventId, attemptNumber, claimant, leaseExpiresAt },
});
export const started = (serviceEventId: string, startedAt = NOW): JobEvent => ({ type: 'ServiceEventStarted', data: { serviceEventId, startedAt } });
export const evidence = (serviceEventId: string, category: string, evidenceId = `${serviceEventId}-${category}`): JobEvent => ({
  type: 'EvidenceCaptured',
  data: {
    serviceEventId, evidenceId, category, contentType: 'image/jpeg', sizeBytes: 1024, sha256: `sha-${evidenceId}`,
    blobRef: `blob-${evidenceId}`, capturedAt: NOW,
  },
});
export const completed = (serviceEventId: string, completedAt = NOW): JobEvent => ({ type: 'ServiceEventCompleted', data: { serviceEventId, completedAt } });
export const failed = (serviceEventId: string, reason = 'customer absent'): JobEvent => ({ type: 'ServiceEventFailed', data: { serviceEventId, reason } });
export const released = (serviceEventId: string, reason = 'lease_expired'): JobEvent => ({ type: 'JobReleased', data: { serviceEventId, reason } });

/** A job whose ServiceEvent `se` (attempt `n`) is in progress with the given evidence captured. */
export const inProgress = (se: string, n = 1, categories: readonly string[] = []): JobEvent[] => [
  claimed(se, n),
  started(se),
  ...categories.map((c) => evidence(se, c)),
];

export const claim = (serviceEventId: string, overrides: Partial<Extract<JobCommand, { type: 'ClaimJob' }>> = {}): JobCommand => ({
  type: 'ClaimJob', serviceEventId, claimant: alice, claimantView: ACTIVE, unresolvedBlockers: [], ancestors: [], now: NOW, leaseExpiresAt: LEASE,
  ...overrides,
});
export const start = (serviceEventId: string): JobCommand => ({ type: 'StartServiceEvent', serviceEventId, claimantView: ACTIVE, now: NOW });
export const heartbeat = (serviceEventId: string, leaseExpiresAt = LATER): JobCommand => ({ type: 'ExtendLease', serviceEventId, leaseExpiresAt, now: NOW });
export const capture = (serviceEventId: string, category: string, evidenceId = `${serviceEventId}-${category}`): JobCommand => ({
  type: 'CaptureEvidence', serviceEventId, evidenceId, category, contentType: 'image/jpeg', sizeBytes: 1024,
  sha256: `sha-${evidenceId}`, blobRef: `blob-${evidenceId}`, now: NOW,
});
export const complete = (serviceEventId: string): JobCommand => ({ type: 'CompleteServiceEvent', serviceEventId, now: NOW });
export const fail = (serviceEventId: string, reason = 'customer absent'): JobCommand => ({ type: 'FailServiceEvent', serviceEventId, reason, now: NOW });
export const release = (serviceEventId: string, reason = 'operator stepped away', now = NOW, onlyIfLeaseExpired?: boolean): JobCommand => ({
  type: 'ReleaseJob', serviceEventId, reason, now, ...(onlyIfLeaseExpired !== undefined && { onlyIfLeaseExpired }),
});
