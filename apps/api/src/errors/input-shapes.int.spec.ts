import { gzipSync } from 'node:zlib';
import { governedJob, png, setUpWorld, type World } from '../testing/fixtures';
import { appendsNothing } from '../testing/log-watch';
import { startTestServer, type TestServer } from '../testing/test-server';

/** Input that used to be accepted as something other than what was sent: each is a 4xx now, and appends nothing. */
describe('input read as what it says, or refused', () => {
  let s: TestServer;
  let w: World;
  beforeAll(async () => {
    s = await startTestServer();
    w = await setUpWorld(s, ['ana']);
  });
  afterAll(() => s.stop());

  const refusedWithoutAppend = async (run: () => ReturnType<TestServer['call']>, status: number, code: string) => {
    const r = await appendsNothing(s, run);
    expect([r.status, r.body.error?.code]).toEqual([status, code]);
    return r;
  };

  const approvedAssignedTask = async (): Promise<string> => {
    const request = await s.call('POST', '/requests', {
      token: w.requester, body: { projectSlug: w.project, surface: w.surface, tier: 'basic', customer: { name: 'S', contact: 's@x' }, details: 'd' },
    });
    const { taskId } = (await s.call('POST', `/requests/${request.body.requestId}/intake`, { token: w.admin, body: {} })).body;
    await s.call('POST', `/tasks/${taskId}/approve`, { token: w.admin, body: {} });
    await s.call('POST', `/tasks/${taskId}/assign`, { token: w.admin, body: { assignee: { kind: 'operator', slug: 'ana' } } });
    return taskId;
  };

  it('Create Job takes no body, {} or nothing: a field, or a body that is not an object, is a 400', async () => {
    const taskId = await approvedAssignedTask();
    for (const body of ['[]', '"x"', 'null', '5', '{"title":"My title","priority":0}']) {
      const r = await refusedWithoutAppend(() => s.call('POST', `/tasks/${taskId}/create-job`, { token: w.admin, body }), 400, 'VALIDATION_FAILED');
      if (body.startsWith('{')) expect(Object.keys(r.body.error.details.fields)).toEqual(['title', 'priority']);
    }
    expect((await s.call('POST', `/tasks/${taskId}/create-job`, { token: w.admin })).status).toBe(201);
    const other = await approvedAssignedTask();
    expect((await s.call('POST', `/tasks/${other}/create-job`, { token: w.admin, body: {} })).status).toBe(201);
  });

  it('a projection rebuild and a dependency removal take no body either', async () => {
    const rebuild = await s.call('POST', '/admin/projections/jobs/rebuild', { token: w.admin, body: '[1,2,3]' });
    expect([rebuild.status, rebuild.body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
    const unknownField = await s.call('POST', '/admin/projections/jobs/rebuild', { token: w.admin, body: { now: true } });
    expect([unknownField.status, unknownField.body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
    const a = (await s.call('POST', `/projects/${w.project}/jobs`, { token: w.admin, body: { description: 'a' } })).body.jobId;
    const b = (await s.call('POST', `/projects/${w.project}/jobs`, { token: w.admin, body: { description: 'b' } })).body.jobId;
    await s.call('POST', `/jobs/${a}/dependencies`, { token: w.admin, body: { relatedJobId: b, relation: 'blocks' } });
    await refusedWithoutAppend(() => s.call('DELETE', `/jobs/${a}/dependencies/${b}`, { token: w.admin, body: { relation: 'blocks' } }), 400, 'VALIDATION_FAILED');
  });

  it('a form (urlencoded, or multipart but for evidence), plain text or a Content-Encoding is 415: the API reads JSON, and decodes nothing', async () => {
    const path = `/projects/${w.project}/jobs`;
    await refusedWithoutAppend(
      () => s.call('POST', path, { token: w.admin, body: 'description=made-from-a-form', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      415, 'UNSUPPORTED_MEDIA_TYPE',
    );
    await refusedWithoutAppend(() => s.call('POST', path, { token: w.admin, body: '{"description":"t"}', headers: { 'content-type': 'text/plain' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    // A multipart form anywhere but the evidence upload: the parser would read it as no body at
    // all, and a command whose fields are all optional (a claim, claim-next) would run.
    const form = (fields: Record<string, string>) => {
      const data = new FormData();
      for (const [k, v] of Object.entries(fields)) data.append(k, v);
      return data;
    };
    const { jobId: formJob } = await governedJob(s, w, 'ana');
    const sendForm = (url: string, token: string, fields: Record<string, string>) => async () => {
      const r = await fetch(`${s.url}${url}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form(fields) });
      return { status: r.status, body: (await r.json()) as { error?: { code: string } } };
    };
    await refusedWithoutAppend(sendForm(`/jobs/${formJob}/claim`, w.operator('ana'), { start: 'true' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refusedWithoutAppend(sendForm(path, w.admin, { description: 'from a form' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refusedWithoutAppend(() => s.call('POST', path, { token: w.admin, body: '{"description":"not really gzip"}', headers: { 'content-encoding': 'gzip' } }), 415, 'UNSUPPORTED_CONTENT_ENCODING');
    const before = await s.backends.eventStore.headPosition();
    const gzipped = await fetch(`${s.url}${path}`, {
      method: 'POST', headers: { authorization: `Bearer ${w.admin}`, 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync('{"description":"gz"}'),
    });
    expect([gzipped.status, ((await gzipped.json()) as { error: { code: string } }).error.code]).toEqual([415, 'UNSUPPORTED_CONTENT_ENCODING']);
    expect(await s.backends.eventStore.headPosition()).toBe(before);
    const identity = await s.call('POST', path, { token: w.admin, body: { description: 'plain' }, headers: { 'content-encoding': 'identity' } });
    expect(identity.status).toBe(201);
    // A header with no body to decode refuses nothing.
    expect((await s.call('GET', '/jobs', { token: w.admin, headers: { 'content-encoding': 'gzip' } })).status).toBe(200);
  });

  it('evidence: a multipart field in another charset cannot carry a lone surrogate into an event', async () => {
    const ana = w.operator('ana');
    const { jobId } = await governedJob(s, w, 'ana');
    const serviceEventId = (await s.call('POST', `/jobs/${jobId}/claim`, { token: ana, body: { start: true } })).body.serviceEventId;
    const boundary = 'utf16Boundary';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="serviceEventId"\r\n\r\n${serviceEventId}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="category"\r\n\r\narrival\r\n`),
      // "a", then U+D800 alone, in UTF-16LE
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="note"\r\nContent-Type: text/plain; charset=utf-16le\r\n\r\n`), Buffer.from([0x61, 0x00, 0x00, 0xd8]), Buffer.from('\r\n'),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`), png('x'), Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const before = await s.backends.eventStore.headPosition();
    const res = await fetch(`${s.url}/jobs/${jobId}/evidence`, { method: 'POST', headers: { authorization: `Bearer ${ana}`, 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
    const answer = (await res.json()) as { error: { code: string; details: { fields: object } } };
    expect([res.status, answer.error.code, Object.keys(answer.error.details.fields)]).toEqual([400, 'VALIDATION_FAILED', ['note']]);
    expect(await s.backends.eventStore.headPosition()).toBe(before);
  });

  it('null for a field that may be left out is a 400, not a silent "left out" or a stored null', async () => {
    const job = (await s.call('POST', `/projects/${w.project}/jobs`, { token: w.admin, body: { description: 'd', acceptanceCriteria: 'must pass' } })).body.jobId;
    const patch = await refusedWithoutAppend(() => s.call('PATCH', `/jobs/${job}`, { token: w.admin, body: { acceptanceCriteria: null } }), 400, 'VALIDATION_FAILED');
    expect(Object.keys(patch.body.error.details.fields)).toEqual(['acceptanceCriteria']);
    expect((await s.call('GET', `/jobs/${job}`, { token: w.admin })).body.acceptanceCriteria).toBe('must pass');
    const create = await refusedWithoutAppend(
      () => s.call('POST', `/projects/${w.project}/jobs`, { token: w.admin, body: { description: 'd', execution: { harness: null } } }), 400, 'VALIDATION_FAILED',
    );
    expect(Object.keys(create.body.error.details.fields)).toEqual(['execution.harness']);
    const cleared = await s.call('PATCH', `/jobs/${job}`, { token: w.admin, body: { assignee: null } });
    expect(cleared.status).toBe(200); // the one field whose null means something: it clears the assignee
  });

  it('a field named after what every object inherits (toString, constructor, __proto__) is refused, in a body at any depth and in a query', async () => {
    const job = (await s.call('POST', `/projects/${w.project}/jobs`, { token: w.admin, body: { description: 'p', priority: 1 } })).body.jobId;
    for (const [body, field] of [['{"toString":1,"priority":2}', 'toString'], ['{"constructor":{},"priority":2}', 'constructor'], ['{"execution":{"hints":{"valueOf":1}}}', 'execution.hints.valueOf']]) {
      const r = await refusedWithoutAppend(() => s.call('PATCH', `/jobs/${job}`, { token: w.admin, body }), 400, 'VALIDATION_FAILED');
      expect(Object.keys(r.body.error.details.fields)).toEqual([field]);
    }
    // Fastify's parser refuses this one before any pipe; the answer is the same.
    const proto = await refusedWithoutAppend(() => s.call('PATCH', `/jobs/${job}`, { token: w.admin, body: '{"__proto__":{"priority":3},"priority":2}' }), 400, 'VALIDATION_FAILED');
    expect(proto.body.error.message).toMatch(/__proto__/);
    expect((await s.call('GET', `/jobs/${job}`, { token: w.admin })).body.priority).toBe(1);
    await refusedWithoutAppend(
      () => s.call('POST', `/projects/${w.project}/jobs/claim-next`, { token: s.token('agent', { agent: 'bot-9', projects: [w.project] }), body: '{"hasOwnProperty":1}' }),
      400, 'VALIDATION_FAILED',
    );
    for (const query of ['constructor=1', '__proto__=1', 'limit=5&toString=x']) {
      const r = await s.call('GET', `/projects/${w.project}/jobs?${query}`, { token: w.admin });
      expect([query, r.status, r.body.error?.code]).toEqual([query, 400, 'VALIDATION_FAILED']);
    }
  });

  it('a query parameter the route does not read is a 400, not ignored: a command reads none', async () => {
    const parent = (await s.call('POST', `/projects/${w.project}/jobs`, { token: w.admin, body: { description: 'parent' } })).body.jobId;
    const child = await refusedWithoutAppend(
      () => s.call('POST', `/projects/${w.project}/jobs?parentId=${parent}`, { token: w.admin, body: { description: 'meant as a child' } }), 400, 'VALIDATION_FAILED',
    );
    expect(Object.keys(child.body.error.details.fields)).toEqual(['parentId']);
    const { jobId } = await governedJob(s, w, 'ana');
    await refusedWithoutAppend(() => s.call('POST', `/jobs/${jobId}/claim?start=true`, { token: w.operator('ana'), body: {} }), 400, 'VALIDATION_FAILED');
    // Routes that read a query still take what they read.
    expect((await s.call('GET', `/projects/${w.project}/jobs?limit=1`, { token: w.admin })).status).toBe(200);
    expect((await s.call('GET', `/jobs/${parent}?x=1`, { token: w.admin })).status).toBe(400);
    // …but a public probe answers whatever a load balancer or a cache-buster adds.
    expect((await s.call('GET', '/health?probe=lb&t=1')).status).toBe(200);
  });

  it('a json-result whose summary is not text is refused, not completed without it', async () => {
    const agent = s.token('agent', { agent: 'bot-1', projects: [w.project] });
    const job = (await s.call('POST', `/projects/${w.project}/jobs`, { token: w.admin, body: { description: 'r', assignee: { kind: 'agent', agentId: 'bot-1' } } })).body.jobId;
    const serviceEventId = (await s.call('POST', `/jobs/${job}/claim`, { token: agent, body: { start: true } })).body.serviceEventId;
    await refusedWithoutAppend(
      () => s.call('POST', `/jobs/${job}/result`, { token: agent, body: { serviceEventId, resultJson: { status: 'success', summary: 5 } } }), 422, 'JSON_RESULT_INVALID',
    );
  });

  it('a batch with a blank reason is a 400 as a whole, as the single-job route answers', async () => {
    const job = (await s.call('POST', `/projects/${w.project}/jobs`, { token: w.admin, body: { description: 'b' } })).body.jobId;
    await refusedWithoutAppend(() => s.call('POST', `/admin/jobs/${job}/resubmit`, { token: w.admin, body: { reason: ' ' } }), 400, 'FIELD_REQUIRED');
    const batch = await refusedWithoutAppend(
      () => s.call('POST', '/admin/jobs/batch', { token: w.admin, body: { action: 'resubmit', jobIds: [job], reason: ' ' } }), 400, 'VALIDATION_FAILED',
    );
    expect(Object.keys(batch.body.error.details.fields)).toEqual(['reason']);
  });

  it('a whole number beyond 2^53 − 1 in a query is refused, not read as a nearby number', async () => {
    const r = await s.call('GET', `/audit/ledger/${w.project}/verify?count=9007199254740993&headHash=${'0'.repeat(64)}`, { token: s.token('auditor') });
    expect([r.status, r.body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('since= an impossible calendar date is INVALID_SINCE, not the day it rolls over to', async () => {
    for (const path of ['/jobs?since=2026-02-30T00:00:00Z', `/threads/coord:project:${w.project}/messages?since=2026-02-30T00:00:00Z`]) {
      const r = await s.call('GET', path, { token: w.admin });
      expect([path, r.status, r.body.error?.code]).toEqual([path, 400, 'INVALID_SINCE']);
    }
    expect((await s.call('GET', '/jobs?since=2028-02-29T00:00:00Z', { token: w.admin })).status).toBe(200);
  });

  it('an empty q= is a 400 on both job lists', async () => {
    for (const path of ['/jobs?q=', '/admin/jobs?q=']) expect([path, (await s.call('GET', path, { token: w.admin })).status]).toEqual([path, 400]);
  });

  it('names an array element the same way in every error: entries[0].message', async () => {
    const job = (await s.call('POST', `/projects/${w.project}/jobs`, { token: w.admin, body: { description: 'l' } })).body.jobId;
    const entries = [{ level: 'info', message: 'ok', requestPayload: { a: '\ud800' } }, { level: 'info', message: 5 }];
    const r = await s.call('POST', `/jobs/${job}/attempts/1/logs`, { token: w.admin, body: { serviceEventId: '00000000-0000-4000-8000-000000000000', entries } });
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.error.details.fields)).toEqual(['entries[0].requestPayload.a']);
    const typed = await s.call('POST', `/jobs/${job}/attempts/1/logs`, { token: w.admin, body: { serviceEventId: '00000000-0000-4000-8000-000000000000', entries: entries.slice(1) } });
    expect(Object.keys(typed.body.error.details.fields)).toEqual(['entries[0].message']);
  });
});
