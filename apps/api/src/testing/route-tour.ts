import { coordinationKey } from '../../../../libs/domain/src/thread/keys';
import { setUpAgentProject, jsonResult } from './agent-jobs';
import { evidenceForm, governedJob, png, setUpWorld } from './fixtures';
import { callServer, type TestServer } from './test-server';

/** One answer the tour got: the route it asked (its path as called) and what came back. */
export type Answer = { readonly method: string; readonly path: string; readonly status: number; readonly contentType: string; readonly body: unknown };

/** The test server with a `call` that keeps every answer, so a test can check each against the docs. */
export const recording = (s: TestServer): { server: TestServer; answers: Answer[] } => {
  const answers: Answer[] = [];
  const server: TestServer = {
    ...s,
    call: async (method, path, options = {}) => {
      const { status, body, contentType } = await callServer(s.url, method, path, options);
      answers.push({ method: method.toLowerCase(), path: path.split('?')[0], status, contentType, body });
      return { status, body };
    },
  };
  return { server, answers };
};

const expectOk = (what: string, r: { status: number; body: unknown }) => {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as Record<string, any>;
};

/**
 * A service job's whole life (request → task → job → claim, start, evidence, complete →
 * record, signal, audit), a second job released and failed, the governance side roads
 * (withdraw, decline) and the admin overrides and reads.
 */
export const serviceTour = async (s: TestServer) => {
  const w = await setUpWorld(s, ['ana', 'ben']);
  const auditor = s.token('auditor');
  const ana = w.operator('ana');
  const call = async (method: string, path: string, options: Parameters<TestServer['call']>[2] = {}) => expectOk(`${method} ${path}`, await s.call(method, path, options));

  await call('GET', '/surfaces', { token: w.admin });
  await call('PATCH', `/surfaces/${w.surface}`, { token: w.admin, body: { allowedEvidence: ['signature', 'receipt'] } });
  await call('GET', `/projects/${w.project}`, { token: w.admin });
  await call('PATCH', `/projects/${w.project}`, { token: w.admin, body: { defaults: { maxAttempts: 3 } } });
  await call('GET', '/operators/ana', { token: w.admin });

  const { requestId, taskId, jobId } = await governedJob(s, w, 'ana');
  await call('GET', `/requests/${requestId}`, { token: w.requester });
  await call('GET', '/tasks', { token: w.admin });
  await call('GET', `/tasks/${taskId}`, { token: w.admin });
  const request = { projectSlug: w.project, surface: w.surface, tier: 'basic', customer: { name: 'Kim', contact: 'kim@example.com' }, details: 'Wash' };
  const withdrawn = await call('POST', '/requests', { token: w.requester, body: request });
  await call('POST', `/requests/${withdrawn.requestId}/withdraw`, { token: w.requester, body: { reason: 'sold the car' } });
  const declined = await call('POST', '/requests', { token: w.requester, body: request });
  const task = await call('POST', `/requests/${declined.requestId}/intake`, { token: w.admin, body: {} });
  await call('POST', `/tasks/${task.taskId}/decline`, { token: w.admin, body: { reason: 'out of area' } });

  await call('GET', '/operators/ana/desk', { token: ana });
  await call('GET', '/operators/ana/jobs', { token: ana });
  await call('GET', `/operators/ana/jobs?job=${jobId}`, { token: ana });
  const { serviceEventId } = await call('POST', `/jobs/${jobId}/claim`, { token: ana, body: {} });
  await call('POST', `/jobs/${jobId}/start`, { token: ana, body: { serviceEventId } });
  await call('POST', `/jobs/${jobId}/heartbeat`, { token: ana, body: { serviceEventId } });
  const photos: string[] = [];
  for (const category of ['arrival', 'before', 'after']) {
    const form = evidenceForm({ serviceEventId, category, note: category }, { bytes: png(category), type: 'image/png' });
    photos.push((await call('POST', `/jobs/${jobId}/evidence`, { token: ana, body: form })).evidenceId);
  }
  await call('GET', `/jobs/${jobId}/evidence/${photos[0]}/content`, { token: ana });
  await call('GET', `/jobs/${jobId}`, { token: ana });
  const { recordId } = await call('POST', `/jobs/${jobId}/complete`, { token: ana, body: { serviceEventId, payment: { state: 'paid', amount: 120, currency: 'EUR' }, summary: 'shiny' } });

  await call('GET', `/records/${recordId}`, { token: auditor });
  await call('GET', `/audit/streams/job-${jobId}`, { token: auditor });
  await call('GET', `/audit/jobs/${jobId}/events`, { token: auditor });
  await call('GET', `/audit/jobs/${jobId}/state?revision=1`, { token: auditor });
  await call('GET', `/audit/records/${recordId}/verify`, { token: auditor });
  const digest = await call('GET', `/audit/ledger/${w.project}/digest`, { token: auditor });
  await call('GET', `/audit/ledger/${w.project}/records`, { token: auditor });
  await call('GET', `/audit/ledger/${w.project}/verify?count=${digest.recordCount}&headHash=${digest.headHash}`, { token: auditor });
  await call('GET', '/admin/trust-signals', { token: w.admin });
  await call('GET', '/admin/trust-signals/operator:ana', { token: w.admin });

  // Ben's job: released, then failed (an attempt is left), then the admin's overrides.
  const second = await governedJob(s, w, 'ben');
  const ben = w.operator('ben');
  const first = await call('POST', `/jobs/${second.jobId}/claim`, { token: ben, body: { start: true } });
  await call('POST', `/jobs/${second.jobId}/release`, { token: ben, body: { serviceEventId: first.serviceEventId, reason: 'flat tyre' } });
  const again = await call('POST', `/jobs/${second.jobId}/claim`, { token: ben, body: { start: true } });
  await call('POST', `/jobs/${second.jobId}/fail`, { token: ben, body: { serviceEventId: again.serviceEventId, reason: 'rain' } });
  await call('POST', '/operators/ben/access', { token: w.admin, body: { state: 'limited', reason: 'paperwork' } });
  await call('GET', '/admin/jobs', { token: w.admin });
  await call('GET', `/admin/jobs/${second.jobId}`, { token: w.admin });
  await call('POST', `/admin/jobs/${second.jobId}/reassign`, { token: w.admin, body: { reason: 'ben is away', to: { kind: 'operator', slug: 'ana' } } });
  await call('POST', `/admin/jobs/${second.jobId}/complete`, { token: w.admin, body: { reason: 'done by phone' } });
  await call('POST', `/admin/jobs/${second.jobId}/resubmit`, { token: w.admin, body: { reason: 'customer came back' } });
  await call('POST', '/admin/jobs/batch', { token: w.admin, body: { action: 'complete', jobIds: [second.jobId, `${w.project}-00000000`], reason: 'closing the week' } });
  await call('GET', '/admin/metrics', { token: w.admin });
  await call('GET', `/admin/metrics?project=${w.project}`, { token: w.admin });
  return w;
};

/**
 * An agent job's whole life: a parent and its child, their shape (update, dependencies,
 * tree, context), the ready queue, claim-next, logs, a result, review (approve; submit and
 * reject), closing, threads and templates.
 */
export const agentTour = async (s: TestServer) => {
  const slug = 'agents';
  const t = await setUpAgentProject(s, slug, { reviewRequired: true, maxAttempts: 3 });
  const agent = t.agent('harness-1');
  const reviewer = t.reviewer();
  const call = async (method: string, path: string, options: Parameters<TestServer['call']>[2] = {}) => expectOk(`${method} ${path}`, await s.call(method, path, options));

  const parent = (await call('POST', `/projects/${slug}/jobs`, { token: t.admin, body: { description: 'Ship the feature\nall of it', priority: 2 } })).jobId as string;
  const child = (await call('POST', `/jobs/${parent}/children`, { token: t.admin, body: { description: 'Write the code', priority: 1 } })).jobId as string;
  await call('PATCH', `/jobs/${child}`, { token: t.admin, body: { title: 'Write the code, tested' } });
  await call('POST', `/jobs/${parent}/dependencies`, { token: t.admin, body: { relatedJobId: child, relation: 'waits_for' } });
  await call('GET', `/jobs/${parent}/dependencies`, { token: t.admin });
  await call('GET', `/projects/${slug}/jobs/blocked`, { token: t.admin });
  await call('DELETE', `/jobs/${parent}/dependencies/${child}`, { token: t.admin });
  await call('GET', `/jobs/${parent}/tree`, { token: t.admin });
  await call('GET', `/jobs/${child}/context`, { token: t.admin });
  await call('GET', `/projects/${slug}/jobs`, { token: t.admin });
  await call('GET', `/projects/${slug}/jobs/ready`, { token: agent });
  await call('GET', '/jobs', { token: t.admin });

  // The child first (priority 1), to a result and an approval.
  const claim = await call('POST', `/projects/${slug}/jobs/claim-next`, { token: agent, body: { start: true, harness: 'codex', sessionId: 's-1' } });
  const { jobId, serviceEventId } = claim as { jobId: string; serviceEventId: string };
  await call('POST', `/jobs/${jobId}/attempts/1/logs`, { token: agent, body: { serviceEventId, entries: [{ level: 'info', message: 'compiling' }] } });
  await call('GET', `/jobs/${jobId}/attempts/1/logs`, { token: agent });
  await call('POST', `/jobs/${jobId}/heartbeat`, { token: agent, body: { serviceEventId } });
  await call('POST', `/jobs/${jobId}/result`, { token: agent, body: { serviceEventId, output: jsonResult({ status: 'success', summary: 'all green' }) } });
  await call('GET', `/jobs/${jobId}/result`, { token: agent });
  await call('GET', `/jobs/${jobId}/attempts`, { token: agent });
  await call('POST', `/jobs/${jobId}/approve`, { token: reviewer, body: { comment: 'good' } });

  // The parent: submitted, rejected, then closed by an admin.
  const next = await call('POST', `/projects/${slug}/jobs/claim-next`, { token: agent, body: { start: true } });
  await call('POST', `/jobs/${parent}/submit`, { token: agent, body: { serviceEventId: next.serviceEventId, summary: 'shipped' } });
  await call('POST', `/jobs/${parent}/reject`, { token: reviewer, body: { reason: 'no docs' } });
  const thread = `/threads/${encodeURIComponent(coordinationKey(parent))}/messages`;
  await call('POST', thread, { token: agent, body: { kind: 'question', body: 'docs where?' } });
  await call('GET', thread, { token: agent });
  await call('POST', `/jobs/${parent}/close`, { token: t.admin, body: { reason: 'docs elsewhere' } });
  const nothing = await s.call('POST', `/projects/${slug}/jobs/claim-next`, { token: agent, body: {} });
  if (nothing.status !== 204) throw new Error(`claim-next on an empty queue: ${nothing.status}`);

  const template = await call('POST', '/templates', { token: t.admin, body: { name: 'release', job: { description: 'Release' }, children: [{ description: 'Changelog' }] } });
  await call('GET', '/templates', { token: t.admin });
  const made = await call('POST', `/templates/${template.templateId}/jobs`, { token: t.admin, body: { projectSlug: slug } });
  await call('POST', `/jobs/${made.jobId}/cancel`, { token: t.admin, body: { reason: 'not this week' } });
};

/** Operations: health, Prometheus metrics, projections and a rebuild (last: it runs on after the answer). */
export const operationsTour = async (s: TestServer) => {
  const admin = s.token('admin');
  expectOk('GET /health', await s.call('GET', '/health'));
  expectOk('GET /metrics', await s.call('GET', '/metrics', { token: s.token('auditor') }));
  expectOk('GET /admin/projections', await s.call('GET', '/admin/projections', { token: admin }));
  expectOk('POST rebuild', await s.call('POST', '/admin/projections/metrics/rebuild', { token: admin }));
};
