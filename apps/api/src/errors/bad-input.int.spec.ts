import jwt from 'jsonwebtoken';
import { connect } from 'node:net';
import { evidenceForm, governedJob, png, setUpWorld, type World } from '../testing/fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';

/** Sends raw bytes on a fresh connection and resolves with everything the server wrote back. */
const rawExchange = (url: string, bytes: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname, () => socket.end(bytes));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });

describe('bad input and bad credentials: a clear 4xx, nothing appended', () => {
  let s: TestServer;
  let w: World;
  beforeAll(async () => {
    s = await startTestServer({ JOBLEDGER_MAX_EVIDENCE_BYTES: '4096' });
    w = await setUpWorld(s, ['ana']);
  });
  afterAll(() => s.stop());

  const appendsNothing = async (run: () => Promise<{ status: number; body: { error?: { code: string } } }>, status: number, code?: string) => {
    const before = await s.backends.eventStore.headPosition();
    const r = await run();
    expect(r.status).toBe(status);
    expect(r.body.error).toBeDefined();
    if (code) expect(r.body.error?.code).toBe(code);
    expect(await s.backends.eventStore.headPosition()).toBe(before);
    return r;
  };

  it('refuses malformed request bodies with 400 and the failing field', async () => {
    const valid = { projectSlug: w.project, surface: w.surface, tier: 'basic', customer: { name: 'A', contact: 'a@b.c' }, details: 'x' };
    const missing = await appendsNothing(() => s.call('POST', '/requests', { token: w.requester, body: { ...valid, details: undefined } }), 400, 'VALIDATION_FAILED');
    expect(Object.keys((missing.body.error as { details?: { fields?: object } }).details?.fields ?? {})).toContain('details');
    await appendsNothing(() => s.call('POST', '/requests', { token: w.requester, body: { ...valid, extra: 1 } }), 400, 'VALIDATION_FAILED');
    await appendsNothing(() => s.call('POST', '/requests', { token: w.requester, body: { ...valid, customer: { name: 'A' } } }), 400, 'VALIDATION_FAILED');
    await appendsNothing(() => s.call('POST', '/requests', { token: w.requester, body: { ...valid, projectSlug: 'Bad Slug!' } }), 400, 'VALIDATION_FAILED');
    await appendsNothing(() => s.call('POST', '/requests', { token: w.requester, body: '{"projectSlug": ' }), 400, 'MALFORMED_JSON');
    const empty = () => fetch(`${s.url}/requests`, { method: 'POST', headers: { authorization: `Bearer ${w.requester}`, 'content-type': 'application/json' } })
      .then(async (r) => ({ status: r.status, body: (await r.json()) as { error?: { code: string } } }));
    await appendsNothing(empty, 400, 'MALFORMED_JSON');
    await appendsNothing(() => s.call('POST', '/requests', { token: w.requester, body: { ...valid, projectSlug: 'nowhere' } }), 404, 'PROJECT_NOT_FOUND');
    await appendsNothing(() => s.call('POST', '/operators', { token: w.admin, body: { slug: 'x', name: '' } }), 400, 'VALIDATION_FAILED');
    await appendsNothing(() => s.call('POST', '/surfaces', { token: w.admin, body: { key: 'k-1', name: 'K', kind: 'virtual', requiredEvidence: [] } }), 400, 'VALIDATION_FAILED');
  });

  it('names what is wrong with a value first: its type before its range', async () => {
    const notANumber = await s.call('GET', '/jobs?limit=abc', { token: w.admin });
    expect([notANumber.status, notANumber.body.error.message]).toEqual([400, 'limit: limit must be an integer number']);
    const tooLarge = await s.call('GET', '/jobs?limit=501', { token: w.admin });
    expect([tooLarge.status, tooLarge.body.error.message]).toEqual([400, 'limit: limit must not be greater than 500']);
  });

  it('takes a number in a query or path only as decimal digits: empty, blank, hex, signed, decimal point or exponent is a 400', async () => {
    const job = `${w.project}-00000000`;
    const numbers: [string, string][] = [
      ['/jobs', 'limit'], ['/jobs', 'priority'], [`/projects/${w.project}/jobs/ready`, 'limit'], ['/admin/jobs', 'priority'],
      ['/operators/ana/jobs', 'limit'], [`/threads/coord:job:${job}/messages`, 'limit'], [`/jobs/${job}/result`, 'attempt'],
      [`/jobs/${job}/wait`, 'timeout'], [`/jobs/${job}/attempts/1/logs`, 'after'], [`/jobs/${job}/attempts/1/logs`, 'limit'],
      [`/audit/streams/job-${job}`, 'fromRevision'], [`/audit/streams/job-${job}`, 'limit'], [`/audit/jobs/${job}/events`, 'limit'],
      [`/audit/jobs/${job}/state`, 'revision'], [`/audit/ledger/${w.project}/records`, 'from'], [`/audit/ledger/${w.project}/records`, 'limit'],
      [`/audit/ledger/${w.project}/verify?headHash=${'0'.repeat(64)}`, 'count'],
    ];
    const spellings = ['', '%20', '0x1', '%2B1', '+1', '1.0', '1e0'];
    for (const [path, field] of numbers) {
      for (const value of spellings) {
        const r = await s.call('GET', `${path}${path.includes('?') ? '&' : '?'}${field}=${value}`, { token: w.admin });
        expect([path, field, value, r.status, r.body.error?.code, Object.keys(r.body.error?.details?.fields ?? {})]).toEqual([path, field, value, 400, 'VALIDATION_FAILED', [field]]);
      }
    }
    for (const n of spellings.filter(Boolean)) {
      const r = await s.call('GET', `/jobs/${job}/attempts/${n}/logs`, { token: w.admin });
      expect([n, r.status, r.body.error?.code, Object.keys(r.body.error?.details?.fields ?? {})]).toEqual([n, 400, 'VALIDATION_FAILED', ['n']]);
    }
  });

  it('refuses a body that is not a JSON object, also where every field is optional', async () => {
    const ana = w.operator('ana');
    const { jobId } = await governedJob(s, w, 'ana');
    for (const body of ['"hello"', '42', 'true', 'null', '[]', '[{}]']) {
      const r = await appendsNothing(() => s.call('POST', `/jobs/${jobId}/claim`, { token: ana, body }), 400, 'VALIDATION_FAILED');
      expect(r.body.error).toMatchObject({ message: expect.stringMatching(/^the body must be a JSON object, not (string|number|boolean|null|array)$/), details: { fields: {} } });
      await appendsNothing(() => s.call('POST', `/projects/${w.project}/jobs/claim-next`, { token: ana, body }), 400, 'VALIDATION_FAILED');
    }
    // No body at all is still an empty one.
    expect((await s.call('POST', `/jobs/${jobId}/claim`, { token: ana })).status).toBe(201);
  });

  it('refuses text that is not well-formed Unicode (a lone surrogate), in a value or a key', async () => {
    const valid = { projectSlug: w.project, surface: w.surface, tier: 'basic', customer: { name: 'A', contact: 'a@b.c' }, details: 'x' };
    // Written as text: the escapes reach the server as JSON says them.
    const lone = await appendsNothing(() => s.call('POST', '/requests', { token: w.requester, body: JSON.stringify(valid).replace('"name":"A"', '"name":"Sam\\ud800"') }), 400, 'VALIDATION_FAILED');
    expect(lone.body.error).toMatchObject({ details: { fields: { 'customer.name': ['text must be well-formed Unicode'] } } });
    await appendsNothing(() => s.call('POST', '/requests', { token: w.requester, body: JSON.stringify(valid).replace('"details":"x"', '"details":"\\udc00x"') }), 400, 'VALIDATION_FAILED');
    await appendsNothing(() => s.call('POST', '/requests', { token: w.requester, body: JSON.stringify(valid).replace('"customer":{', '"customer":{"\\ud83d":1,') }), 400, 'VALIDATION_FAILED');
    // A pair, escaped or not, is a character like any other.
    const paired = await s.call('POST', '/requests', { token: w.requester, body: JSON.stringify(valid).replace('"details":"x"', '"details":"\\ud83d\\ude00 and 😀"') });
    expect(paired.status).toBe(201);
  });

  it('refuses malformed execution commands and uploads', async () => {
    const ana = w.operator('ana');
    const { jobId } = await governedJob(s, w, 'ana');
    const se = (await s.call('POST', `/jobs/${jobId}/claim`, { token: ana, body: { start: true } })).body.serviceEventId;
    await appendsNothing(() => s.call('POST', `/jobs/${jobId}/complete`, { token: ana, body: { serviceEventId: 'not-a-uuid' } }), 400, 'VALIDATION_FAILED');
    await appendsNothing(() => s.call('POST', `/jobs/${jobId}/complete`, { token: ana, body: { serviceEventId: se, payment: { state: 'maybe' } } }), 400, 'VALIDATION_FAILED');
    await appendsNothing(() => s.call('POST', `/jobs/${jobId}/claim`, { token: ana, body: { start: 'yes' } }), 400, 'VALIDATION_FAILED');
    await appendsNothing(() => s.call('POST', `/jobs/${jobId}/evidence`, { token: ana, body: evidenceForm({ serviceEventId: se, category: 'arrival' }) }), 400, 'VALIDATION_FAILED');
    await appendsNothing(() => s.call('POST', `/jobs/${jobId}/evidence`, { token: ana, body: evidenceForm({ serviceEventId: se, category: 'arrival' }, { bytes: Buffer.from('just text'), type: 'image/png' }) }), 415, 'UNSUPPORTED_CONTENT_TYPE');
    await appendsNothing(() => s.call('POST', `/jobs/${jobId}/evidence`, { token: ana, body: evidenceForm({ serviceEventId: se, category: 'arrival' }, { bytes: Buffer.concat([png('big'), Buffer.alloc(5000)]), type: 'image/png' }) }), 413);
    await appendsNothing(() => s.call('POST', `/jobs/${jobId}/evidence`, { token: ana, body: { serviceEventId: se, category: 'arrival' } }), 415, 'MULTIPART_REQUIRED');
    await appendsNothing(() => s.call('POST', '/jobs/nope-00000000/claim', { token: ana, body: {} }), 404, 'JOB_NOT_FOUND');
  });

  it('refuses deeply nested JSON before it can reach a validator, an event or a read model', async () => {
    const ana = w.operator('ana');
    const { jobId } = await governedJob(s, w, 'ana');
    const se = (await s.call('POST', `/jobs/${jobId}/claim`, { token: ana, body: { start: true } })).body.serviceEventId;
    for (const depth of [40, 1000, 5000]) {
      // Written as text: building it with JSON.stringify would itself overflow at this depth.
      const body = `{"serviceEventId":"${se}","reason":"x","result":${'{"r":'.repeat(depth)}"leaf"${'}'.repeat(depth)}}`;
      await appendsNothing(() => s.call('POST', `/jobs/${jobId}/fail`, { token: ana, body }), 400, 'JSON_TOO_DEEP');
    }
    const shallow = await s.call('POST', `/jobs/${jobId}/fail`, { token: ana, body: { serviceEventId: se, reason: 'x', result: { a: { b: [1, 2] } } } });
    expect(shallow.status).toBe(200);
    expect((await s.call('GET', '/health')).body.status).toBe('ok');
  });

  it('answers a malformed multipart body and a malformed URL with a 400 in the usual error shape', async () => {
    const ana = w.operator('ana');
    const { jobId } = await governedJob(s, w, 'ana');
    await appendsNothing(
      () => s.call('POST', `/jobs/${jobId}/evidence`, { token: ana, body: 'garbage', headers: { 'content-type': 'multipart/form-data' } }),
      400, 'MALFORMED_MULTIPART',
    );
    const bad = await fetch(`${s.url}/jobs/%00%ff`, { headers: { authorization: `Bearer ${ana}` } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string; details: object } }).error).toMatchObject({ code: 'MALFORMED_REQUEST', details: { parserError: 'FST_ERR_BAD_URL' } });
  });

  it('answers errors of the connection itself (headers too large, a garbled request line) in the usual error shape', async () => {
    const long = await fetch(`${s.url}/jobs?q=${'a'.repeat(20_000)}`, { headers: { authorization: `Bearer ${w.admin}` } });
    expect(long.status).toBe(431);
    expect(await long.json()).toEqual({ error: { code: 'HEADERS_TOO_LARGE', message: expect.any(String), details: {} } });
    const garbled = await rawExchange(s.url, 'GARBAGE\r\n\r\n');
    expect(garbled).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(garbled.slice(garbled.indexOf('\r\n\r\n') + 4))).toEqual({ error: { code: 'MALFORMED_REQUEST', message: expect.any(String), details: { parserError: expect.any(String) } } });
  });

  it('stores no evidence bytes for a caller who may not touch the job', async () => {
    const { jobId } = await governedJob(s, w, 'ana');
    const bytes = png('not-yours');
    const r = await s.call('POST', `/jobs/${jobId}/evidence`, {
      token: s.token('operator', { operator: 'mallory' }),
      body: evidenceForm({ serviceEventId: '00000000-0000-4000-8000-000000000000', category: 'arrival' }, { bytes, type: 'image/png' }),
    });
    expect(r.status).toBe(404);
    const { createHash } = await import('node:crypto');
    expect(await s.backends.blobStore.has(createHash('sha256').update(bytes).digest('hex'))).toBe(false);
  });

  it('answers 401 without a token, with a bad signature, an expired token or alg none', async () => {
    await appendsNothing(() => s.call('POST', '/requests', { body: {} }), 401, 'UNAUTHENTICATED');
    const forged = jwt.sign({ sub: 'x', role: 'admin' }, 'some-other-secret-that-is-long-enough!!', { algorithm: 'HS256' });
    await appendsNothing(() => s.call('POST', '/operators', { token: forged, body: { slug: 'eve', name: 'Eve' } }), 401, 'INVALID_TOKEN');
    const expired = jwt.sign({ sub: 'x', role: 'admin', exp: Math.floor(Date.now() / 1000) - 60 }, s.config.jwtSecret, { algorithm: 'HS256' });
    await appendsNothing(() => s.call('POST', '/operators', { token: expired, body: { slug: 'eve', name: 'Eve' } }), 401, 'INVALID_TOKEN');
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"x","role":"admin"}').toString('base64url')}.`;
    await appendsNothing(() => s.call('POST', '/operators', { token: none, body: { slug: 'eve', name: 'Eve' } }), 401, 'INVALID_TOKEN');
    expect((await s.call('GET', '/health')).status).toBe(200);
  });

  it('keeps trust signals and other people’s work away from requesters, and readers away from commands', async () => {
    const ana = w.operator('ana');
    const { jobId, requestId } = await governedJob(s, w, 'ana');
    expect((await s.call('GET', `/jobs/${jobId}`, { token: w.requester })).status).toBe(403);
    expect((await s.call('GET', '/operators/ana/desk', { token: w.requester })).status).toBe(403);
    const own = await s.call('GET', `/requests/${requestId}`, { token: w.requester });
    expect(own.status).toBe(200);
    expect(JSON.stringify(own.body)).not.toMatch(/signal|trust|star/i);
    expect((await s.call('GET', `/requests/${requestId}`, { token: ana })).status).toBe(404); // not a governor
    expect((await s.call('GET', `/requests/${requestId}`, { token: s.token('requester', { sub: 'someone-else' }) })).status).toBe(404);

    const se = (await s.call('POST', `/jobs/${jobId}/claim`, { token: ana, body: { start: true } })).body.serviceEventId;
    const readers = [s.token('auditor'), s.token('reviewer', { projects: [w.project] }), s.token('agent', { agent: 'bot-1', projects: [w.project] })];
    for (const token of readers) {
      for (const path of ['release', 'heartbeat', 'complete']) {
        const r = await appendsNothing(() => s.call('POST', `/jobs/${jobId}/${path}`, { token, body: { serviceEventId: se } }), 403);
        expect(['FORBIDDEN', 'NOT_CLAIMANT']).toContain(r.body.error?.code);
      }
    }
    await appendsNothing(() => s.call('POST', '/operators', { token: s.token('auditor'), body: { slug: 'zed', name: 'Zed' } }), 403, 'FORBIDDEN');
  });

  it('serves the OpenAPI document at /docs', async () => {
    const r = await s.call('GET', '/docs/openapi.json');
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.paths)).toEqual(expect.arrayContaining(['/requests', '/tasks/{id}/create-job', '/jobs/{id}/claim', '/operators/{slug}/desk']));
  });
});
