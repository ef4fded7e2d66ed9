import { toNewEvents } from '../../../../libs/application/src/commands/command-executor';
import { commandContext, systemClock } from '../../../../libs/application/src/commands/command-context';
import type { JobCreatedData } from '../../../../libs/domain/src/job/events';
import { childJobId, jobDepth, jobIdFor } from '../../../../libs/domain/src/shared/ids';
import { streams } from '../../../../libs/domain/src/shared/streams';
import { createAgentJob as createJob } from './agent-jobs';
import type { TestServer } from './test-server';

export const AGENT_PROJECT = 'agents';

/** An agent's token for the agent project (or the projects given). */
export const agentToken = (s: TestServer, agent: string, projects: string[] = [AGENT_PROJECT]) => s.token('agent', { sub: `agent:${agent}`, agent, projects });

const admin = { id: 'admin:test', role: 'admin' } as const;

/**
 * Creates an agent job through the application layer (the job command executor), as the
 * job routes will: a root job, or a child `{parentId}.{n}` whose parent allocates it.
 * Answers once the read models and reactors have seen it.
 */
export const createAgentJob = async (
  s: TestServer,
  options: { title: string; parentId?: string; n?: number; overrides?: Partial<JobCreatedData> },
): Promise<string> => {
  const store = s.backends.eventStore;
  const jobId = options.parentId ? childJobId(options.parentId, options.n ?? 1) : jobIdFor(AGENT_PROJECT, `${options.title}:${Math.random()}`);
  if (options.parentId) {
    const allocated = { type: 'JobChildAllocated', data: { childId: jobId, n: options.n ?? 1 } };
    await store.append(streams.job(options.parentId), toNewEvents(streams.job(options.parentId), [allocated], commandContext(admin, systemClock)), 'stream_exists');
  }
  await createJob(s, AGENT_PROJECT, {
    jobId, depth: jobDepth(jobId), title: options.title, description: `${options.title}\nby an agent`,
    ...(options.parentId && { parentId: options.parentId }), ...options.overrides,
  });
  return jobId;
};
