import { randomBytes } from 'node:crypto';
import { ApiClient } from '../../api-client';
import { eventually } from './eventually';
import type { Steps } from './steps';

export type AgentTokens = {
  admin: string;
  agent: (agentId: string, project: string) => string;
  reviewer: (project: string) => string;
  auditor: string;
};

type Claim = { jobId: string; serviceEventId: string; attemptNumber: number; status: string; leaseExpiresAt: string };
type Finished = { phase: string; resolution: string | null; recordId: string | null };
type Executor = { kind: string; agentId?: string; slug?: string };
type SealedRecord = { contentHash: string; previousRecordHash: string | null; executor: Executor };

/**
 * Walks one agent job as a backend service, an agent and a reviewer would, over the public API:
 * a project that requires review, a job on its ready queue, claim-next & start, a heartbeat and a
 * log line, a child job and the status it posts on the coordination thread, a json-result,
 * approval, the sealed record and the ⭐ signal.
 */
export const runAgentJob = async (url: string, tokens: AgentTokens, step: Steps) => {
  const tag = randomBytes(3).toString('hex');
  const project = `agents-${tag}`, agentId = `bot-${tag}`;
  const admin = new ApiClient(url, tokens.admin);
  const agent = new ApiClient(url, tokens.agent(agentId, project));
  const reviewer = new ApiClient(url, tokens.reviewer(project));
  const auditor = new ApiClient(url, tokens.auditor);

  await admin.post('/projects', { slug: project, name: 'Agent work', defaults: { reviewRequired: true, maxAttempts: 3 } });
  const { jobId } = await admin.post<{ jobId: string }>(`/projects/${project}/jobs`, {
    description: 'Fix the login redirect\nUsers land on /home instead of the page they came from', acceptanceCriteria: 'returns to the original page', priority: 1,
  });
  const ready = await eventually(() => agent.get<{ items: { jobId: string }[] }>(`/projects/${project}/jobs/ready`), (q) => q.items.some((j) => j.jobId === jobId));
  step.next(`admin created project ${project} (review required, 3 attempts) and agent job ${jobId} (priority 1); ready queue: ${ready.items.map((j) => j.jobId).join(', ')}`);

  const claim = await agent.post<Claim>(`/projects/${project}/jobs/claim-next`, { start: true, harness: 'demo' });
  if (claim.jobId !== jobId) throw new Error(`claim-next took ${claim.jobId}, not ${jobId}`);
  const se = claim.serviceEventId;
  step.next(`agent ${agentId} claim-next → ${jobId}, attempt ${claim.attemptNumber}, ${claim.status}, lease until ${claim.leaseExpiresAt}`);

  const beat = await agent.post<{ leaseExpiresAt: string }>(`/jobs/${jobId}/heartbeat`, { serviceEventId: se });
  const logs = `/jobs/${jobId}/attempts/${claim.attemptNumber}/logs`;
  await agent.post(logs, { serviceEventId: se, entries: [{ level: 'info', message: 'reproduced the redirect bug' }] });
  const [line] = (await eventually(() => agent.get<{ entries: { seq: number; level: string; message: string }[] }>(logs), (page) => page.entries.length > 0)).entries;
  step.next(`heartbeat: lease until ${beat.leaseExpiresAt}; log line ${line.seq} on attempt ${claim.attemptNumber}: ${line.level} "${line.message}"`);

  // The agent holds the job, so it may split work off it: the child inherits review and the attempt budget.
  const { jobId: childId } = await agent.post<{ jobId: string }>(`/jobs/${jobId}/children`, {
    description: 'Add a regression test', assignee: { kind: 'agent', agentId },
  });
  const childClaim = await agent.post<Claim>(`/jobs/${childId}/claim`, { start: true, harness: 'demo' });
  const child = await agent.post<Finished>(`/jobs/${childId}/result`, {
    serviceEventId: childClaim.serviceEventId, resultJson: { status: 'success', summary: 'regression test added, red before the fix' },
  });
  step.next(`${agentId} split off child ${childId} "Add a regression test" (inherits review), claimed and started it; result success → ${child.phase}`);

  const key = `coord:job:${jobId}`;
  const thread = await eventually(
    () => agent.get<{ messages: { kind: string; body: string }[] }>(`/threads/${encodeURIComponent(key)}/messages`), (t) => t.messages.some((m) => m.kind === 'status'),
  );
  const status = thread.messages.filter((m) => m.kind === 'status').map((m) => m.body);
  step.next(`coordination thread ${key}, status message: ${status.join(' | ') || '(none)'}`);

  const result = await agent.post<Finished>(`/jobs/${jobId}/result`, {
    serviceEventId: se, resultJson: { status: 'success', summary: 'redirect fixed; the regression test passes' },
  });
  step.next(`result { status: success } on ${jobId}: job ${result.phase}${result.phase === 'review' ? ', awaiting a reviewer' : ''}`);

  const childDone = await reviewer.post<Finished>(`/jobs/${childId}/approve`, { comment: 'good test' });
  const done = await reviewer.post<Finished>(`/jobs/${jobId}/approve`, { comment: 'lgtm' });
  const both = childDone.phase === done.phase && childDone.resolution === done.resolution ? `both ${done.phase} (${done.resolution})` : `${childDone.phase}, ${done.phase}`;
  step.next(`reviewer approved ${childId} and ${jobId}: ${both}; records ${childDone.recordId}, ${done.recordId}`);

  const childRecord = await eventually(() => auditor.get<SealedRecord>(`/records/${childDone.recordId}`));
  const record = await eventually(() => auditor.get<SealedRecord>(`/records/${done.recordId}`));
  const chain = record.previousRecordHash === childRecord.contentHash ? "the child's" : 'another record';
  const executor = `${record.executor.kind} ${record.executor.agentId ?? record.executor.slug}`;
  step.next(`sealed record: contentHash ${record.contentHash}, executor ${executor}, previous ${record.previousRecordHash ?? 'none'} (${chain})`);

  const final = await eventually(() => auditor.get<{ phase: string; signal: { earner: Executor } | null }>(`/jobs/${jobId}`), (j) => j.signal !== null);
  const earner = final.signal ? `${final.signal.earner.kind} ${final.signal.earner.agentId ?? final.signal.earner.slug}` : 'nobody (no signal yet)';
  step.next(`⭐ signal on ${jobId} credited to ${earner}`);
  return { project, jobId, childJobId: childId, agentId, recordId: done.recordId };
};
