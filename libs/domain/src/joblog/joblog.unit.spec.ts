import { jobDecider } from '../job/decider';
import type { JobEvent } from '../job/events';
import { requireJob } from '../job/rules';
import { fold } from '../shared/decider';
import { DomainError } from '../shared/errors';
import { agent, claimed, completed, jobCreated, started } from '../testing/job-fixtures';
import { decideLogs, type AppendLogs } from './decide';
import { LOG_LIMITS } from './events';

const job = (...events: JobEvent[]) => requireJob(fold(jobDecider, [jobCreated({ assignee: agent }), ...events]));
const logs = (overrides: Partial<AppendLogs> = {}): AppendLogs => ({
  attemptNumber: 1, serviceEventId: 'se-1', entries: [{ level: 'info', message: 'cloning repo' }], ...overrides,
});
const codeOf = (f: () => unknown): string => {
  try { f(); } catch (e) { return e instanceof DomainError ? `${e.kind}:${e.code}` : String(e); }
  return 'no error';
};

describe('joblog: appending log lines', () => {
  it('appends one LogAppended per entry, in order, tagged with the attempt and the agent', () => {
    const events = decideLogs(job(claimed('se-1', 1, agent), started('se-1')), logs({
      entries: [{ level: 'info', message: 'a' }, { level: 'error', message: 'b', requestPayload: { q: 1 }, responsePayload: 'ok' }],
    }));
    expect(events).toEqual([
      { type: 'LogAppended', data: { attemptNumber: 1, level: 'info', message: 'a', agentId: 'harness-7' } },
      { type: 'LogAppended', data: { attemptNumber: 1, level: 'error', message: 'b', requestPayload: { q: 1 }, responsePayload: 'ok', agentId: 'harness-7' } },
    ]);
  });

  it('accepts logs while the attempt is queued, before it starts', () => {
    expect(decideLogs(job(claimed('se-1', 1, agent)), logs())).toHaveLength(1);
  });

  it('refuses a ServiceEvent that is no longer current (fencing)', () => {
    expect(codeOf(() => decideLogs(job(claimed('se-1', 1, agent), started('se-1'), completed('se-1')), logs()))).toBe('conflict:STALE_SERVICE_EVENT');
    expect(codeOf(() => decideLogs(job(claimed('se-1', 1, agent)), logs({ serviceEventId: 'se-other' })))).toBe('conflict:STALE_SERVICE_EVENT');
  });

  it('refuses the current ServiceEvent under another attempt number, and attempts that never existed', () => {
    const running = job(claimed('se-1', 1, agent));
    expect(codeOf(() => decideLogs(running, logs({ attemptNumber: 2 })))).toBe('not_found:ATTEMPT_NOT_FOUND');
    expect(codeOf(() => decideLogs(running, logs({ attemptNumber: 0 })))).toBe('not_found:ATTEMPT_NOT_FOUND');
  });

  it('refuses empty and oversized batches, unknown levels, empty or long messages and large payloads', () => {
    const running = job(claimed('se-1', 1, agent));
    const entry = { level: 'info' as const, message: 'x' };
    expect(codeOf(() => decideLogs(running, logs({ entries: [] })))).toBe('validation:FIELD_REQUIRED');
    expect(codeOf(() => decideLogs(running, logs({ entries: Array(LOG_LIMITS.maxEntries + 1).fill(entry) })))).toBe('validation:TOO_MANY_LOG_ENTRIES');
    expect(codeOf(() => decideLogs(running, logs({ entries: [{ ...entry, level: 'trace' as never }] })))).toBe('validation:INVALID_LOG_LEVEL');
    expect(codeOf(() => decideLogs(running, logs({ entries: [{ ...entry, message: '' }] })))).toBe('validation:FIELD_REQUIRED');
    expect(codeOf(() => decideLogs(running, logs({ entries: [{ ...entry, message: 'x'.repeat(LOG_LIMITS.maxMessageLength + 1) }] })))).toBe('validation:FIELD_TOO_LONG');
    expect(codeOf(() => decideLogs(running, logs({ entries: [{ ...entry, responsePayload: 'x'.repeat(LOG_LIMITS.maxPayloadBytes) }] })))).toBe('validation:JSON_TOO_LARGE');
  });
});
