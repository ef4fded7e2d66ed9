import { requireCurrent } from '../job/rules';
import type { ExistingJob } from '../job/state';
import { conflict, invalid, notFound } from '../shared/errors';
import { requireBoundedJson } from '../shared/json-bounds';
import type { Json } from '../shared/json';
import { LOG_LEVELS, LOG_LIMITS, type LogAppended, type LogLevel } from './events';

export type LogEntryInput = {
  readonly level: LogLevel;
  readonly message: string;
  readonly requestPayload?: Json;
  readonly responsePayload?: Json;
};

export type AppendLogs = {
  readonly attemptNumber: number;
  readonly serviceEventId: string;
  readonly entries: readonly LogEntryInput[];
};

const requireEntry = (e: LogEntryInput, i: number): void => {
  if (!LOG_LEVELS.includes(e.level)) throw invalid('INVALID_LOG_LEVEL', `entries[${i}].level must be one of ${LOG_LEVELS.join(', ')}`, { index: i });
  if (typeof e.message !== 'string' || !e.message.length) throw invalid('FIELD_REQUIRED', `entries[${i}].message is required`, { index: i });
  if (e.message.length > LOG_LIMITS.maxMessageLength) {
    throw invalid('FIELD_TOO_LONG', `entries[${i}].message is longer than ${LOG_LIMITS.maxMessageLength}`, { index: i, maxLength: LOG_LIMITS.maxMessageLength });
  }
  requireBoundedJson(`entries[${i}].requestPayload`, e.requestPayload, LOG_LIMITS.maxPayloadBytes);
  requireBoundedJson(`entries[${i}].responsePayload`, e.responsePayload, LOG_LIMITS.maxPayloadBytes);
};

/**
 * Log lines of attempt n, decided from the job's state (the log stream has no state of its
 * own). Only the job's current ServiceEvent may log, named by its fencing token: a worker
 * whose attempt ended cannot write into the history of a newer one.
 */
export const decideLogs = (job: ExistingJob, command: AppendLogs): LogAppended[] => {
  const { attemptNumber, entries } = command;
  if (!entries.length) throw invalid('FIELD_REQUIRED', 'entries must not be empty', { field: 'entries' });
  if (entries.length > LOG_LIMITS.maxEntries) {
    throw invalid('TOO_MANY_LOG_ENTRIES', `at most ${LOG_LIMITS.maxEntries} entries per request`, { maxEntries: LOG_LIMITS.maxEntries });
  }
  entries.forEach(requireEntry);
  if (!Number.isInteger(attemptNumber) || attemptNumber < 1 || attemptNumber > job.lastAttemptNumber) {
    throw notFound('ATTEMPT_NOT_FOUND', `job ${job.job.jobId} has no attempt ${attemptNumber}`, { attemptNumber });
  }
  const attempt = requireCurrent(job, command.serviceEventId, 'queued', 'in_progress');
  if (attempt.attemptNumber !== attemptNumber) {
    throw conflict('STALE_SERVICE_EVENT', `attempt ${attemptNumber} is not the job's current one`, {
      serviceEventId: command.serviceEventId, currentAttemptNumber: attempt.attemptNumber,
    });
  }
  const agentId = attempt.claimant.kind === 'agent' ? attempt.claimant.agentId : undefined;
  return entries.map((e) => ({
    type: 'LogAppended',
    data: {
      attemptNumber, level: e.level, message: e.message,
      ...(e.requestPayload !== undefined && { requestPayload: e.requestPayload }),
      ...(e.responsePayload !== undefined && { responsePayload: e.responsePayload }),
      ...(agentId && { agentId }),
    },
  }));
};
