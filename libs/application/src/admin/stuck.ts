import type { Assignee } from '../../../domain/src/shared/assignee';

type ActiveJob = {
  readonly phase: string;
  readonly lastActivityAt: string;
  readonly attempts: readonly { readonly serviceEventId: string; readonly claimant: Assignee }[];
  readonly currentServiceEventId: string | null;
};

/**
 * Stuck: active, with no heartbeat or log (any event on the job or its log) for longer than the
 * lease of whoever holds it — operators and agents have leases of very different lengths.
 */
export const isStuck = (job: ActiveJob, now: Date, leaseSeconds: { readonly agent: number; readonly operator: number }): boolean => {
  if (job.phase !== 'active') return false;
  const current = job.attempts.find((a) => a.serviceEventId === job.currentServiceEventId) ?? job.attempts.at(-1);
  const lease = leaseSeconds[current?.claimant.kind ?? 'agent'];
  return Date.parse(job.lastActivityAt) < now.getTime() - lease * 1000;
};
