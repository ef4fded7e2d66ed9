import { evidenceForm, governedJob, png, setUpWorld, type World } from '../testing/fixtures';
import { appendsNothing } from '../testing/log-watch';
import { startTestServer, type TestServer } from '../testing/test-server';

describe('the service-job lifecycle over HTTP', () => {
  let s: TestServer;
  let w: World;
  beforeAll(async () => {
    s = await startTestServer();
    w = await setUpWorld(s, ['ana', 'bob']);
  });
  afterAll(() => s.stop());

  const photo = (jobId: string, token: string, serviceEventId: string, category: string) =>
    s.call('POST', `/jobs/${jobId}/evidence`, { token, body: evidenceForm({ serviceEventId, category }, { bytes: png(`${category}-${serviceEventId}`), type: 'image/png' }) });

  it('goes from Create Job to a sealed, chained record and exactly one ⭐ signal', async () => {
    const ana = w.operator('ana');
    const { jobId, requestId } = await governedJob(s, w, 'ana');

    const claim = await s.call('POST', `/jobs/${jobId}/claim`, { token: ana, body: {} });
    expect(claim.status).toBe(201);
    expect(claim.body).toMatchObject({ jobId, attemptNumber: 1, status: 'queued' });
    const se = claim.body.serviceEventId as string;
    expect((await s.call('GET', '/operators/ana/desk', { token: ana })).body.activeJob).toMatchObject({ jobId, serviceEventId: se });

    const notStarted = await photo(jobId, ana, se, 'arrival');
    expect([notStarted.status, notStarted.body.error.code]).toEqual([409, 'SERVICE_EVENT_NOT_IN_PROGRESS']);
    const started = await s.call('POST', `/jobs/${jobId}/start`, { token: ana, body: { serviceEventId: se } });
    expect(started.body.status).toBe('in_progress');

    const arrival = await photo(jobId, ana, se, 'arrival');
    expect(arrival.status).toBe(201);
    expect(arrival.body).toMatchObject({ category: 'arrival', contentType: 'image/png', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const missing = await s.call('POST', `/jobs/${jobId}/complete`, { token: ana, body: { serviceEventId: se } });
    expect(missing.status).toBe(422);
    expect(missing.body.error.code).toBe('EVIDENCE_MISSING');
    expect(missing.body.error.details.missing).toEqual(['before', 'after']);

    const notAllowed = await photo(jobId, ana, se, 'selfie');
    expect([notAllowed.status, notAllowed.body.error.code]).toEqual([422, 'EVIDENCE_CATEGORY_NOT_ALLOWED']);

    await photo(jobId, ana, se, 'before');
    await photo(jobId, ana, se, 'after');
    const content = await fetch(`${s.url}/jobs/${jobId}/evidence/${arrival.body.evidenceId}/content`, { headers: { authorization: `Bearer ${ana}` } });
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await content.arrayBuffer())).toEqual(png(`arrival-${se}`));

    const done = await s.call('POST', `/jobs/${jobId}/complete`, {
      token: ana, body: { serviceEventId: se, payment: { state: 'paid', amount: 120, currency: 'EUR' }, outcome: { notes: 'spotless' } },
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ phase: 'done', recordId: expect.any(String) });

    const again = await s.call('POST', `/jobs/${jobId}/complete`, { token: ana, body: { serviceEventId: se } });
    expect([again.status, again.body.error.code]).toEqual([409, 'JOB_TERMINAL']);
    const late = await photo(jobId, ana, se, 'after'); // refused as every command on a finished job is
    expect([late.status, late.body.error.code]).toEqual([409, 'JOB_TERMINAL']);

    const record = await s.call('GET', `/records/${done.body.recordId}`, { token: ana });
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({
      jobId, serviceEventId: se, executor: { kind: 'operator', slug: 'ana' }, forced: false, previousRecordHash: null,
      payment: { state: 'paid', amount: 120, currency: 'EUR' }, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(record.body.evidence.map((e: { category: string }) => e.category).sort()).toEqual(['after', 'arrival', 'before']);

    const desk = (await s.call('GET', '/operators/ana/desk', { token: ana })).body;
    expect(desk.trustSignals).toEqual({ count: 1, state: 'present' });
    expect(desk.activeJob).toBeNull();
    expect(desk.recentCompletions[0]).toMatchObject({ jobId, recordId: done.body.recordId });
    const job = (await s.call('GET', `/jobs/${jobId}`, { token: ana })).body;
    expect(job).toMatchObject({ phase: 'done', resolution: 'completed', recordId: done.body.recordId, signal: expect.objectContaining({ earner: { kind: 'operator', slug: 'ana' } }) });
    expect((await s.call('GET', `/requests/${requestId}`, { token: w.requester })).body.status).toBe('completed');

    // The next record of the project chains to this one.
    const second = await governedJob(s, w, 'ana');
    const c2 = await s.call('POST', `/jobs/${second.jobId}/claim`, { token: ana, body: { start: true } });
    for (const cat of ['arrival', 'before', 'after']) await photo(second.jobId, ana, c2.body.serviceEventId, cat);
    const d2 = await s.call('POST', `/jobs/${second.jobId}/complete`, { token: ana, body: { serviceEventId: c2.body.serviceEventId } });
    const r2 = await s.call('GET', `/records/${d2.body.recordId}`, { token: ana });
    expect(r2.body.previousRecordHash).toBe(record.body.contentHash);
    expect((await s.call('GET', '/operators/ana/desk', { token: ana })).body.trustSignals.count).toBe(2);
  });

  it('lets exactly one of five concurrent claims win', async () => {
    const ana = w.operator('ana');
    const { jobId } = await governedJob(s, w, 'ana');
    const results = await Promise.all(Array.from({ length: 5 }, () => s.call('POST', `/jobs/${jobId}/claim`, { token: ana, body: { start: true } })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409]);
    const events = await s.backends.eventStore.readStream(`job-${jobId}`);
    expect(events.filter((e) => e.type === 'JobClaimed')).toHaveLength(1);
  });

  it("hides one operator's desk, jobs and evidence from another", async () => {
    const ana = w.operator('ana');
    const bob = w.operator('bob');
    const { jobId } = await governedJob(s, w, 'ana');
    const desk = await s.call('GET', '/operators/ana/desk', { token: bob });
    expect(desk.status).toBe(403);
    expect((await s.call('GET', `/operators/ana/jobs?job=${jobId}`, { token: bob })).status).toBe(403);
    expect((await s.call('GET', `/jobs/${jobId}`, { token: bob })).status).toBe(404);
    expect((await s.call('POST', `/jobs/${jobId}/claim`, { token: bob, body: {} })).status).toBe(404);
    const claim = await s.call('POST', `/jobs/${jobId}/claim`, { token: ana, body: { start: true } });
    const ev = await photo(jobId, ana, claim.body.serviceEventId, 'arrival');
    expect((await s.call('GET', `/jobs/${jobId}/evidence/${ev.body.evidenceId}/content`, { token: bob })).status).toBe(404);
    expect((await photo(jobId, bob, claim.body.serviceEventId, 'before')).status).toBe(404);
  });

  it('keeps a blocked job off the Desk’s readyToClaim, as its claim is refused, until its blocker is finished', async () => {
    // readyToClaim holds claimable jobs (SPEC §4): listing one whose claim answers 409 JOB_BLOCKED sends the operator to a wall.
    await s.call('POST', '/operators', { token: w.admin, body: { slug: 'cyd', name: 'Cyd' } });
    const cyd = w.operator('cyd');
    const blocker = (await governedJob(s, w, 'cyd')).jobId;
    const blocked = (await governedJob(s, w, 'cyd')).jobId;
    const added = await s.call('POST', `/jobs/${blocked}/dependencies`, { token: w.admin, body: { relatedJobId: blocker, relation: 'blocked_by' } });
    expect(added.status).toBe(201);
    const readyOnDesk = async () => (await s.call('GET', '/operators/cyd/desk', { token: cyd })).body.readyToClaim.map((j: { jobId: string }) => j.jobId);

    expect(await readyOnDesk()).toEqual([blocker]);
    const refused = await s.call('POST', `/jobs/${blocked}/claim`, { token: cyd, body: {} });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'JOB_BLOCKED']);

    expect((await s.call('POST', `/jobs/${blocker}/cancel`, { token: w.admin, body: { reason: 'customer cancelled' } })).status).toBe(200);
    expect(await readyOnDesk()).toEqual([blocked]);
  });

  it('keeps every active job of an operator on the Desk: the latest claimed is activeJob, and the other takes its place when it ends', async () => {
    const ana = w.operator('ana');
    const [a, b] = [await governedJob(s, w, 'ana'), await governedJob(s, w, 'ana')];
    const claimA = await s.call('POST', `/jobs/${a.jobId}/claim`, { token: ana, body: { start: true } });
    const claimB = await s.call('POST', `/jobs/${b.jobId}/claim`, { token: ana, body: { start: true } });
    expect([claimA.status, claimB.status]).toEqual([201, 201]);
    const both = (await s.call('GET', '/operators/ana/desk', { token: ana })).body;
    expect(both.activeJob).toMatchObject({ jobId: b.jobId });
    // (ana's jobs still active from the tests before come after these two)
    expect(both.activeJobs.map((j: { jobId: string }) => j.jobId).slice(0, 2)).toEqual([b.jobId, a.jobId]);

    await s.call('POST', `/jobs/${b.jobId}/release`, { token: ana, body: { serviceEventId: claimB.body.serviceEventId } });
    const desk = (await s.call('GET', '/operators/ana/desk', { token: ana })).body;
    expect(desk.activeJob).toMatchObject({ jobId: a.jobId, serviceEventId: claimA.body.serviceEventId, status: 'in_progress' });
    expect(desk.activeJobs.map((j: { jobId: string }) => j.jobId)).toEqual(both.activeJobs.slice(1).map((j: { jobId: string }) => j.jobId));
    expect(desk.readyToClaim.map((j: { jobId: string }) => j.jobId)).toContain(b.jobId);
    await s.call('POST', `/jobs/${a.jobId}/release`, { token: ana, body: { serviceEventId: claimA.body.serviceEventId } });
  });

  it('answers 404 OPERATOR_NOT_FOUND for the desk and the jobs of an operator never registered', async () => {
    for (const path of ['/operators/ghost/desk', '/operators/ghost/jobs', '/operators/ghost/jobs?job=x']) {
      const answer = await s.call('GET', path, { token: w.admin });
      expect([path, answer.status, answer.body.error?.code]).toEqual([path, 404, 'OPERATOR_NOT_FOUND']);
    }
    // An empty ?job= names no job: refused, not answered with the whole list.
    const empty = await s.call('GET', '/operators/ana/jobs?job=', { token: w.admin });
    expect([empty.status, empty.body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('refuses the agents\' result and submit routes to an operator: its governed job keeps its assignee and appends nothing', async () => {
    const ana = w.operator('ana');
    const { jobId } = await governedJob(s, w, 'ana');
    const { serviceEventId } = (await s.call('POST', `/jobs/${jobId}/claim`, { token: ana, body: {} })).body;
    const head = await s.backends.eventStore.headPosition();
    const result = await s.call('POST', `/jobs/${jobId}/result`, { token: ana, body: { serviceEventId, resultJson: { status: 'waiting', reason: 'later' } } });
    const submit = await s.call('POST', `/jobs/${jobId}/submit`, { token: ana, body: { serviceEventId, summary: 'done' } });
    expect([result.status, result.body.error?.code, submit.status, submit.body.error?.code]).toEqual([403, 'FORBIDDEN', 403, 'FORBIDDEN']);
    expect(await s.backends.eventStore.headPosition()).toBe(head);
    expect((await s.call('GET', `/jobs/${jobId}`, { token: ana })).body.assignee).toEqual({ kind: 'operator', slug: 'ana' });
  });

  it('fences execution commands by serviceEventId after a release', async () => {
    const ana = w.operator('ana');
    const { jobId } = await governedJob(s, w, 'ana');
    const first = (await s.call('POST', `/jobs/${jobId}/claim`, { token: ana, body: { start: true } })).body.serviceEventId;
    expect((await s.call('POST', `/jobs/${jobId}/release`, { token: ana, body: { serviceEventId: first, reason: 'rain' } })).body.phase).toBe('ready');
    const second = await s.call('POST', `/jobs/${jobId}/claim`, { token: ana, body: { start: true } });
    expect(second.body.attemptNumber).toBe(2);
    for (const path of ['complete', 'heartbeat', 'release']) {
      const stale = await s.call('POST', `/jobs/${jobId}/${path}`, { token: ana, body: { serviceEventId: first } });
      expect([path, stale.status, stale.body.error.code]).toEqual([path, 409, 'STALE_SERVICE_EVENT']);
    }
    const failed = await s.call('POST', `/jobs/${jobId}/fail`, { token: ana, body: { serviceEventId: second.body.serviceEventId, reason: 'customer absent' } });
    expect(failed.body).toMatchObject({ status: 'failed', phase: 'ready' });
  });

  it('blocks a limited operator’s Desk and new work, but lets it finish what is in progress; a suspended one can do nothing', async () => {
    await s.call('POST', '/operators', { token: w.admin, body: { slug: 'dee', name: 'Dee' } });
    const dee = w.operator('dee');
    const a = await governedJob(s, w, 'dee');
    const b = await governedJob(s, w, 'dee');
    const claim = await s.call('POST', `/jobs/${a.jobId}/claim`, { token: dee, body: { start: true } });
    await s.call('POST', '/operators/dee/access', { token: w.admin, body: { state: 'limited', reason: 'late paperwork' } });

    const desk = await s.call('GET', '/operators/dee/desk', { token: dee });
    expect([desk.status, desk.body.error.code]).toEqual([403, 'DESK_BLOCKED']);
    const newWork = await s.call('POST', `/jobs/${b.jobId}/claim`, { token: dee, body: {} });
    expect([newWork.status, newWork.body.error.code]).toEqual([403, 'OPERATOR_NOT_ACTIVE']);
    const photos = [];
    for (const cat of ['arrival', 'before', 'after']) photos.push(await photo(a.jobId, dee, claim.body.serviceEventId, cat));
    expect(photos.map((p) => p.status)).toEqual([201, 201, 201]);
    expect((await s.call('POST', `/jobs/${a.jobId}/complete`, { token: dee, body: { serviceEventId: claim.body.serviceEventId } })).status).toBe(200);

    await s.call('POST', '/operators/dee/access', { token: w.admin, body: { state: 'suspended', reason: 'investigation' } });
    const suspended = await s.call('GET', `/jobs/${b.jobId}`, { token: dee });
    expect(suspended.status).toBe(200); // reads of its own jobs stay possible for the record
    const evidence = await fetch(`${s.url}/jobs/${a.jobId}/evidence/${photos[0].body.evidenceId}/content`, { headers: { authorization: `Bearer ${dee}` } });
    expect(evidence.status).toBe(200); // and so the evidence of them
    const cmd = await s.call('POST', `/jobs/${b.jobId}/claim`, { token: dee, body: {} });
    expect([cmd.status, cmd.body.error.code]).toEqual([403, 'OPERATOR_SUSPENDED']);
    expect((await s.call('GET', '/operators/dee/desk', { token: dee })).body.error.code).toBe('DESK_BLOCKED');
  });

  it('claim-next refuses an operator who may not claim, also when the queue holds nothing for it', async () => {
    await s.call('POST', '/operators', { token: w.admin, body: { slug: 'eve', name: 'Eve' } });
    const eve = w.operator('eve');
    const claimNext = () => s.call('POST', `/projects/${w.project}/jobs/claim-next`, { token: eve, body: {} });
    expect((await claimNext()).status).toBe(204);
    await s.call('POST', '/operators/eve/access', { token: w.admin, body: { state: 'limited', reason: 'late paperwork' } });
    const limited = await appendsNothing(s, claimNext);
    expect([limited.status, limited.body.error.code]).toEqual([403, 'OPERATOR_NOT_ACTIVE']);
    await s.call('POST', '/operators/eve/access', { token: w.admin, body: { state: 'suspended', reason: 'investigation' } });
    const suspended = await appendsNothing(s, claimNext);
    expect([suspended.status, suspended.body.error.code]).toEqual([403, 'OPERATOR_SUSPENDED']);
    const unregistered = await s.call('POST', `/projects/${w.project}/jobs/claim-next`, { token: w.operator('nobody'), body: {} });
    expect([unregistered.status, unregistered.body.error.code]).toEqual([403, 'OPERATOR_NOT_ACTIVE']);

    // a keyed claim-next made before the suspension is answered as then when repeated after it
    await s.call('POST', '/operators', { token: w.admin, body: { slug: 'fay', name: 'Fay' } });
    const fay = w.operator('fay');
    await governedJob(s, w, 'fay');
    const keyed = () => s.call('POST', `/projects/${w.project}/jobs/claim-next`, { token: fay, body: {}, headers: { 'idempotency-key': 'fay-1' } });
    const first = await keyed();
    expect(first.status).toBe(201);
    await s.call('POST', '/operators/fay/access', { token: w.admin, body: { state: 'suspended', reason: 'investigation' } });
    const repeat = await appendsNothing(s, keyed);
    expect([repeat.status, repeat.body]).toEqual([201, first.body]);
  });

  it('an admin may start an operator’s queued ServiceEvent; the operator’s own access decides', async () => {
    const ana = w.operator('ana');
    const { jobId } = await governedJob(s, w, 'ana');
    const se = (await s.call('POST', `/jobs/${jobId}/claim`, { token: ana, body: {} })).body.serviceEventId;
    const r = await s.call('POST', `/jobs/${jobId}/start`, { token: w.admin, body: { serviceEventId: se } });
    expect([r.status, r.body.status]).toEqual([200, 'in_progress']);
  });

  it('scopes an Idempotency-Key to its route: the same key on another command is another command', async () => {
    const ana = w.operator('ana');
    const { jobId } = await governedJob(s, w, 'ana');
    const se = (await s.call('POST', `/jobs/${jobId}/claim`, { token: ana, body: { start: true } })).body.serviceEventId;
    const headers = { 'idempotency-key': 'k-1' };
    expect((await s.call('POST', `/jobs/${jobId}/heartbeat`, { token: ana, body: { serviceEventId: se }, headers })).status).toBe(200);
    const release = await s.call('POST', `/jobs/${jobId}/release`, { token: ana, body: { serviceEventId: se }, headers });
    expect(release.body.phase).toBe('ready');
    expect((await s.backends.eventStore.readStream(`job-${jobId}`)).map((e) => e.type)).toEqual(
      expect.arrayContaining(['LeaseExtended', 'JobReleased']),
    );
  });

  it('answers a repeated Idempotency-Key with the first answer and appends nothing', async () => {
    const body = { projectSlug: w.project, surface: w.surface, tier: 'basic', customer: { name: 'Lee', contact: 'lee@example.com' }, details: 'Polish' };
    const headers = { 'idempotency-key': 'portal-order-7781' };
    const first = await s.call('POST', '/requests', { token: w.requester, body, headers });
    const head = await s.backends.eventStore.headPosition();
    const repeat = await s.call('POST', '/requests', { token: w.requester, body, headers });
    expect(repeat.status).toBe(201);
    expect(repeat.body.requestId).toBe(first.body.requestId);
    expect(await s.backends.eventStore.headPosition()).toBe(head);

    const ana = w.operator('ana');
    const { jobId } = await governedJob(s, w, 'ana');
    const claimHeaders = { 'idempotency-key': `claim-${jobId}` };
    const c1 = await s.call('POST', `/jobs/${jobId}/claim`, { token: ana, body: {}, headers: claimHeaders });
    const c2 = await s.call('POST', `/jobs/${jobId}/claim`, { token: ana, body: {}, headers: claimHeaders });
    expect(c2.status).toBe(201);
    expect(c2.body.serviceEventId).toBe(c1.body.serviceEventId);
  });

  it('does not answer a keyed command to a token of the same subject acting as another operator', async () => {
    const { jobId } = await governedJob(s, w, 'ana');
    const asAna = s.token('operator', { sub: 'desk-app', operator: 'ana' });
    const asBob = s.token('operator', { sub: 'desk-app', operator: 'bob' });
    const claim = await s.call('POST', `/jobs/${jobId}/claim`, { token: asAna, body: { start: true }, headers: { 'idempotency-key': 'k-claim' } });
    expect(claim.status).toBe(201);
    const heartbeat = { serviceEventId: claim.body.serviceEventId };
    expect((await s.call('POST', `/jobs/${jobId}/heartbeat`, { token: asAna, body: heartbeat, headers: { 'idempotency-key': 'k-beat' } })).status).toBe(200);
    for (const [path, body, key] of [['claim', { start: true }, 'k-claim'], ['heartbeat', heartbeat, 'k-beat']] as const) {
      const repeat = await appendsNothing(s, () => s.call('POST', `/jobs/${jobId}/${path}`, { token: asBob, body, headers: { 'idempotency-key': key } }));
      expect([path, repeat.status, repeat.body.error?.code]).toEqual([path, 404, 'JOB_NOT_FOUND']);
    }
    const again = await s.call('POST', `/jobs/${jobId}/claim`, { token: asAna, body: { start: true }, headers: { 'idempotency-key': 'k-claim' } });
    expect([again.status, again.body.serviceEventId]).toEqual([201, claim.body.serviceEventId]);
  });
});
