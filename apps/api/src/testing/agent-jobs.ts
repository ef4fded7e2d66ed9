import { randomUUID } from 'node:crypto';
import { commandContext, systemClock } from '../../../../libs/application/src/commands/command-context';
import { executeCommand, toNewEvents } from '../../../../libs/application/src/commands/command-executor';
import { jobDecider } from '../../../../libs/domain/src/job/decider';
import type { JobCreatedData, JobEvent } from '../../../../libs/domain/src/job/events';
import { jobIdFor } from '../../../../libs/domain/src/shared/ids';
import { streams } from '../../../../libs/domain/src/shared/streams';
import type { TestServer } from './test-server';

/**
 * Agent jobs for HTTP tests, made through the application layer (the `CreateJob` job
 * command) until a test prefers `POST /projects/:slug/jobs`; answers once the read models
 * have the job.
 */
export const createAgentJob = async (s: TestServer, projectSlug: string, overrides: Partial<JobCreatedData> = {}): Promise<string> => {
  const jobId = overrides.jobId ?? jobIdFor(projectSlug, randomUUID());
  const job: JobCreatedData = {
    jobId, projectSlug, depth: 1, title: '', description: `Agent task ${jobId}\nmake the tests pass`, priority: 2, phase: 'ready',
    requiredEvidence: [], allowedEvidence: [], reviewRequired: false, maxAttempts: 3, ...overrides,
  };
  const ctx = commandContext({ id: 'admin:test', role: 'admin' }, systemClock);
  const o = await executeCommand(s.backends.eventStore, streams.job(jobId), jobDecider, () => ({ type: 'CreateJob' as const, job }), ctx, { retries: 3 });
  if (o.position === null || !(await s.worker.host.settle(o.position, 10_000))) throw new Error(`job ${jobId} did not reach the read models`);
  return jobId;
};

/** Job events no route writes yet (e.g. a dependency), appended as they are and settled into the read models. */
export const appendJobEvents = async (s: TestServer, jobId: string, events: JobEvent[]): Promise<void> => {
  const ctx = commandContext({ id: 'admin:test', role: 'admin' }, systemClock);
  const { position } = await s.backends.eventStore.append(streams.job(jobId), toNewEvents(streams.job(jobId), events, ctx), 'any');
  if (!(await s.worker.host.settle(position, 10_000))) throw new Error(`events on ${jobId} did not reach the read models`);
};

/** A project for agent work, and tokens for the roles that act in it. */
export const setUpAgentProject = async (s: TestServer, slug: string, defaults: { reviewRequired: boolean; maxAttempts: number }) => {
  const admin = s.token('admin');
  const created = await s.call('POST', '/projects', { token: admin, body: { slug, name: slug, defaults } });
  if (created.status >= 300) throw new Error(`set-up failed: ${created.status} ${JSON.stringify(created.body)}`);
  return {
    admin,
    agent: (agentId: string, projects: string[] = [slug]) => s.token('agent', { sub: `agent:${agentId}`, agent: agentId, projects }),
    reviewer: (projects: string[] = [slug]) => s.token('reviewer', { projects }),
    auditor: s.token('auditor'),
  };
};

/** The fenced block a harness prints at the end of its output. */
export const jsonResult = (block: object, before = 'harness log…') => `${before}\n\`\`\`json-result\n${JSON.stringify(block, null, 2)}\n\`\`\`\n`;
