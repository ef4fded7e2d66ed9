import { randomBytes } from 'node:crypto';
import { ApiClient, ApiError } from '../../api-client';
import { eventually } from './eventually';
import type { Steps } from './steps';

/** A 1×1 PNG; bytes after IEND keep it a PNG while giving each photo its own hash. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const photo = (label: string) => new Blob([Buffer.concat([PNG, Buffer.from(label)])], { type: 'image/png' });

const evidenceForm = (serviceEventId: string, category: string) => {
  const form = new FormData();
  form.append('serviceEventId', serviceEventId);
  form.append('category', category);
  form.append('file', photo(`${category}:${serviceEventId}`), `${category}.png`);
  return form;
};

export type ServiceTokens = { admin: string; operator: (slug: string) => string; requester: string };

/** Walks one service job from request to ⭐ signal against a running server, printing each step. */
export const runServiceJob = async (url: string, tokens: ServiceTokens, step: Steps) => {
  const tag = randomBytes(3).toString('hex');
  const project = `detailing-${tag}`, surface = `auto-detailing-${tag}`, slug = `ana-${tag}`;
  const admin = new ApiClient(url, tokens.admin);
  const requester = new ApiClient(url, tokens.requester);
  const operator = new ApiClient(url, tokens.operator(slug));

  await admin.post('/projects', { slug: project, name: 'Detailing' });
  await admin.post('/surfaces', { key: surface, name: 'Auto detailing', kind: 'physical', requiredEvidence: ['arrival', 'before', 'after'] });
  await admin.post('/operators', { slug, name: 'Ana' });
  step.next(`admin set up project ${project}, surface ${surface} (needs arrival, before, after photos) and operator ${slug}`);

  const { requestId } = await requester.post<{ requestId: string }>('/requests', {
    projectSlug: project, surface, tier: 'premium', customer: { name: 'Sam Customer', contact: 'sam@example.com' },
    details: 'Full interior and exterior detail\nSilver hatchback, dog hair on the back seats', notes: 'Gate code 4412',
  });
  step.next(`requester submitted request ${requestId}`);

  const { taskId } = await admin.post<{ taskId: string }>(`/requests/${requestId}/intake`, { intakeNotes: 'Bring the pet-hair kit' });
  await admin.post(`/tasks/${taskId}/approve`, { comment: 'approved' });
  await admin.post(`/tasks/${taskId}/assign`, { assignee: { kind: 'operator', slug } });
  const before = await eventually(() => operator.get<{ readyToClaim: unknown[] }>(`/operators/${slug}/desk`));
  step.next(`governance: intake → task ${taskId}, approved, assigned to ${slug}; the Desk holds ${before.readyToClaim.length} job(s) — no job until Create Job`);

  const { jobId } = await admin.post<{ jobId: string }>(`/tasks/${taskId}/create-job`);
  const desk = await eventually(() => operator.get<{ readyToClaim: { jobId: string }[] }>(`/operators/${slug}/desk`), (d) => d.readyToClaim.some((j) => j.jobId === jobId));
  step.next(`Create Job → ${jobId}; now on ${slug}'s Desk: ${desk.readyToClaim.map((j) => j.jobId).join(', ')}`);

  const claim = await operator.post<{ serviceEventId: string; attemptNumber: number }>(`/jobs/${jobId}/claim`, { start: true });
  step.next(`${slug} claimed and started ServiceEvent ${claim.serviceEventId} (attempt ${claim.attemptNumber})`);

  await operator.post(`/jobs/${jobId}/evidence`, evidenceForm(claim.serviceEventId, 'arrival'));
  try {
    await operator.post(`/jobs/${jobId}/complete`, { serviceEventId: claim.serviceEventId });
    throw new Error('completion without the required evidence was accepted');
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 422) throw e;
    step.next(`completing with only the arrival photo is refused: ${e.status} ${e.body.error?.code} ${JSON.stringify(e.body.error?.details)}`);
  }
  for (const category of ['before', 'after']) {
    const ev = await operator.post<{ evidenceId: string; sha256: string }>(`/jobs/${jobId}/evidence`, evidenceForm(claim.serviceEventId, category));
    (category === 'before' ? step.next : step.again)(`captured ${category} photo ${ev.evidenceId} (sha256 ${ev.sha256.slice(0, 12)}…)`);
  }

  const done = await operator.post<{ recordId: string; phase: string }>(`/jobs/${jobId}/complete`, {
    serviceEventId: claim.serviceEventId, payment: { state: 'paid', amount: 180, currency: 'EUR' }, outcome: { notes: 'Interior and exterior done' },
  });
  step.next(`completed: job ${done.phase}; record ${done.recordId}`);

  const record = await eventually(() => operator.get<{ contentHash: string; previousRecordHash: string | null; evidence: unknown[] }>(`/records/${done.recordId}`));
  step.next(`sealed record: contentHash ${record.contentHash}, ${record.evidence.length} evidence item(s), previous ${record.previousRecordHash ?? 'none (first in project)'}`);

  const after = await eventually(
    () => operator.get<{ trustSignals: { count: number; state: string }; recentCompletions: unknown[] }>(`/operators/${slug}/desk`), (d) => d.trustSignals.count > 0,
  );
  step.next(`⭐ trust signals on ${slug}'s Desk: ${after.trustSignals.count} (${after.trustSignals.state}); recent completions: ${after.recentCompletions.length}`);
  return { jobId, recordId: done.recordId, operator: slug };
};
