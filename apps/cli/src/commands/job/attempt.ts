import { sameAssignee, type Assignee } from '../../../../../libs/domain/src/shared/assignee';
import { conflict, notFound } from '../../../../../libs/domain/src/shared/errors';
import type { ApiClient } from '../../api-client';
import { callerOf } from '../shared/caller';
import { harnessEnv } from '../shared/harness-env';
import { jobPath } from './paths';
import type { Attempt, Job } from './types';

export type Attempts = { jobId: string; attemptsUsed: number; maxAttempts: number; items: Attempt[] };

/**
 * JOBLEDGER_ATTEMPT_ID speaks for JOBLEDGER_JOB_ID's attempt only, never for another job named
 * on the line: without JOBLEDGER_JOB_ID it names no job's attempt.
 */
const envAttemptFor = (jobId: string): string | undefined => {
  const env = harnessEnv();
  return env.attemptId && env.jobId === jobId ? env.attemptId : undefined;
};

/**
 * The job's open attempt. A keyed command sent again after its first try ended the attempt (a
 * submit, a release, a result) finds none open, or another claimant's opened since: it names the
 * caller's own latest attempt (else the latest), so the server answers from what it recorded
 * under the key (or refuses with its own 409), as a retry is promised the first answer.
 */
const attemptOfJob = (job: Job, caller: Assignee | null, keyed: boolean): string | null => {
  if (!keyed) return job.currentServiceEventId;
  const own = caller ? [...job.attempts].reverse().find((a) => sameAssignee(a.claimant, caller)) : undefined;
  return own?.serviceEventId ?? job.currentServiceEventId ?? job.attempts[job.attempts.length - 1]?.serviceEventId ?? null;
};

/** The attempt a command acts in: --service-event, else the harness's, else the job's open attempt (or, keyed, its latest). */
export const serviceEventOf = async (api: ApiClient, jobId: string, explicit: string | undefined): Promise<string> => {
  const id = explicit ?? envAttemptFor(jobId) ?? attemptOfJob(await api.get<Job>(jobPath(jobId)), callerOf(api.token), api.idempotencyKey !== undefined);
  // The job's state is in the way, not the command line: a conflict, as the server's 409 for it (exit 1), not a usage error.
  if (!id) throw conflict('NO_OPEN_ATTEMPT', `${jobId} has no open attempt: claim it first, or name one with --service-event`, { jobId });
  return id;
};

/** The attempt number to read: --attempt, else the harness's attempt, else the latest. */
export const attemptNumberOf = async (api: ApiClient, jobId: string, explicit: number | undefined): Promise<number> => {
  if (explicit !== undefined) return explicit;
  const { items } = await api.get<Attempts>(jobPath(jobId, '/attempts'));
  const envId = envAttemptFor(jobId);
  const attempt = (envId && items.find((a) => a.serviceEventId === envId)) || items[items.length - 1];
  if (!attempt) throw notFound('ATTEMPT_NOT_FOUND', `${jobId} has no attempts yet`, { jobId });
  return attempt.attemptNumber;
};
