import type { TestServer } from './test-server';

/** A 1×1 PNG; anything after IEND keeps it a PNG and gives each upload its own hash. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
export const png = (label: string) => Buffer.concat([PNG, Buffer.from(label)]);

export const evidenceForm = (fields: Record<string, string>, file?: { bytes: Buffer; type: string; name?: string }) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('file', new Blob([file.bytes], { type: file.type }), file.name ?? 'photo.png');
  return form;
};

export type World = {
  admin: string;
  requester: string;
  project: string;
  surface: string;
  operator(slug: string): string;
};

/** Admin set-up: a project, a physical surface needing arrival/before/after photos, operators. */
export const setUpWorld = async (s: TestServer, operators: string[], options: { reviewRequired?: boolean } = {}): Promise<World> => {
  const admin = s.token('admin');
  const project = 'detailing';
  const surface = 'auto-detailing';
  const ok = (r: { status: number; body: unknown }) => {
    if (r.status >= 300) throw new Error(`set-up failed: ${r.status} ${JSON.stringify(r.body)}`);
  };
  ok(await s.call('POST', '/projects', { token: admin, body: { slug: project, name: 'Detailing', defaults: { reviewRequired: options.reviewRequired ?? false, maxAttempts: 3 } } }));
  ok(await s.call('POST', '/surfaces', { token: admin, body: { key: surface, name: 'Auto detailing', kind: 'physical', requiredEvidence: ['arrival', 'before', 'after'], allowedEvidence: ['signature'] } }));
  for (const slug of operators) ok(await s.call('POST', '/operators', { token: admin, body: { slug, name: slug.toUpperCase() } }));
  return { admin, requester: s.token('requester', { sub: 'customer-portal' }), project, surface, operator: (slug) => s.token('operator', { operator: slug }) };
};

/** Request → intake → approve → assign → Create Job; answers the ids. */
export const governedJob = async (s: TestServer, w: World, assignee: string) => {
  const req = await s.call('POST', '/requests', {
    token: w.requester,
    body: { projectSlug: w.project, surface: w.surface, tier: 'premium', customer: { name: 'Sam', contact: 'sam@example.com' }, details: 'Full detail\nblue van', notes: 'gate 4412' },
  });
  const { taskId } = (await s.call('POST', `/requests/${req.body.requestId}/intake`, { token: w.admin, body: { intakeNotes: 'pet hair' } })).body;
  await s.call('POST', `/tasks/${taskId}/approve`, { token: w.admin, body: {} });
  await s.call('POST', `/tasks/${taskId}/assign`, { token: w.admin, body: { assignee: { kind: 'operator', slug: assignee } } });
  const created = await s.call('POST', `/tasks/${taskId}/create-job`, { token: w.admin });
  if (created.status !== 201) throw new Error(`create-job failed: ${created.status} ${JSON.stringify(created.body)}`);
  return { requestId: req.body.requestId as string, taskId: taskId as string, jobId: created.body.jobId as string };
};

/** A governed job its operator claims & starts, photographs as the surface requires and completes; answers its ids and record. */
export const completedJob = async (s: TestServer, w: World, operator: string) => {
  const token = w.operator(operator);
  const { jobId } = await governedJob(s, w, operator);
  const se = (await s.call('POST', `/jobs/${jobId}/claim`, { token, body: { start: true } })).body.serviceEventId as string;
  for (const category of ['arrival', 'before', 'after']) {
    await s.call('POST', `/jobs/${jobId}/evidence`, { token, body: evidenceForm({ serviceEventId: se, category }, { bytes: png(`${category}${se}`), type: 'image/png' }) });
  }
  const done = await s.call('POST', `/jobs/${jobId}/complete`, { token, body: { serviceEventId: se } });
  if (done.status !== 200) throw new Error(`complete failed: ${done.status} ${JSON.stringify(done.body)}`);
  return { jobId, serviceEventId: se, recordId: done.body.recordId as string };
};
