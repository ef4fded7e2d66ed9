import { evidenceForm, governedJob, png, setUpWorld, type World } from '../testing/fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';

/** The evidence protocol at its edges: how ids, repeated fields, cache validators and the API description are read. */
describe('evidence: ids, forms, validators, description', () => {
  let s: TestServer;
  let w: World;
  beforeAll(async () => { s = await startTestServer(); w = await setUpWorld(s, ['ana', 'bob']); });
  afterAll(() => s.stop());
  const started = async () => {
    const { jobId } = await governedJob(s, w, 'ana');
    const claim = await s.call('POST', `/jobs/${jobId}/claim`, { token: w.operator('ana'), body: { start: true } });
    return { jobId, se: claim.body.serviceEventId as string };
  };
  const B = 'XBOUNDARYX';
  const field = (name: string, value: string, type?: string) =>
    `--${B}\r\nContent-Disposition: form-data; name="${name}"\r\n${type ? `Content-Type: ${type}\r\n` : ''}\r\n${value}\r\n`;
  const rawUpload = (jobId: string, fields: [string, string, string?][], bytes: Buffer) => fetch(`${s.url}/jobs/${jobId}/evidence`, {
    method: 'POST',
    headers: { authorization: `Bearer ${w.operator('ana')}`, 'content-type': `multipart/form-data; boundary=${B}` },
    body: Buffer.concat([Buffer.from(fields.map(([k, v, t]) => field(k, v, t)).join('')),
      Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`), bytes, Buffer.from(`\r\n--${B}--\r\n`)]),
  });

  it('accepts the current ServiceEvent id written in upper case (UUIDs are case-insensitive), not 409 STALE_SERVICE_EVENT', async () => {
    const { jobId, se } = await started();
    const head = await s.backends.eventStore.headPosition();
    const up = await s.call('POST', `/jobs/${jobId}/evidence`, { token: w.operator('ana'), body: evidenceForm({ serviceEventId: se.toUpperCase(), category: 'arrival' }, { bytes: png(`upper-${jobId}`), type: 'image/png' }) });
    expect([up.status, up.body.error?.code]).toEqual([201, undefined]);
    expect(Number(await s.backends.eventStore.headPosition())).toBe(Number(head) + 1);
  });

  it('refuses a form that names its category twice (as it refuses a second file part) instead of silently keeping the last', async () => {
    const { jobId, se } = await started();
    const head = await s.backends.eventStore.headPosition();
    const r = await rawUpload(jobId, [['serviceEventId', se], ['category', 'signature'], ['category', 'arrival']], png(`twice-${jobId}`));
    const body = (await r.json()) as { error?: { code: string } };
    expect([r.status, body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(await s.backends.eventStore.headPosition()).toBe(head);
  });

  it('refuses a form of many unknown fields as 400 VALIDATION_FAILED naming the first, not with the parser\'s "Premature close"', async () => {
    const { jobId, se } = await started();
    const head = await s.backends.eventStore.headPosition();
    const extra = Array.from({ length: 11 }, (_, i): [string, string] => [`x${i}`, 'y']);
    const r = await rawUpload(jobId, [['serviceEventId', se], ['category', 'arrival'], ...extra], png(`many-${jobId}`));
    const body = (await r.json()) as { error?: { code: string; message: string } };
    expect([r.status, body.error?.code, body.error?.message]).toEqual([400, 'VALIDATION_FAILED', 'x0: property x0 should not exist']);
    expect(await s.backends.eventStore.headPosition()).toBe(head);
  });

  it.each([
    ['a note sent as a JSON object', [['note', '{"text":"scratch on door"}', 'application/json']], 400, 'VALIDATION_FAILED', 'note: send as a text part'],
    ['an unknown field sent as JSON', [['customerSignedOff', 'true', 'application/json']], 400, 'VALIDATION_FAILED', 'customerSignedOff: property customerSignedOff should not exist'],
    ['a second category sent as JSON', [['category', '["after"]', 'application/json']], 400, 'VALIDATION_FAILED', 'category: sent more than once'],
    ['a part that is not the JSON its type declares', [['note', '{oops', 'application/json']], 400, 'MALFORMED_MULTIPART', undefined],
    ['a "file" part without a filename', [['file', 'not a file']], 400, 'VALIDATION_FAILED', 'file: must be a file part, with a filename'],
  ] as [string, [string, string, string?][], number, string, string | undefined][])(
    'refuses %s, and appends nothing', async (_name, extra, status, code, message) => {
      const { jobId, se } = await started();
      const head = await s.backends.eventStore.headPosition();
      const r = await rawUpload(jobId, [['serviceEventId', se], ['category', 'arrival'], ...extra], png(`typed-${jobId}`));
      const body = (await r.json()) as { error?: { code: string; message: string } };
      expect([r.status, body.error?.code]).toEqual([status, code]);
      if (message !== undefined) expect(body.error?.message).toBe(message);
      expect(await s.backends.eventStore.headPosition()).toBe(head);
    });

  it('answers 304 to If-None-Match with the weak form or a list holding the ETag (RFC 9110 weak comparison)', async () => {
    const { jobId, se } = await started();
    const up = await s.call('POST', `/jobs/${jobId}/evidence`, { token: w.operator('ana'), body: evidenceForm({ serviceEventId: se, category: 'arrival' }, { bytes: png(`etag-${jobId}`), type: 'image/png' }) });
    const path = `${s.url}/jobs/${jobId}/evidence/${up.body.evidenceId}/content`;
    const statuses: Record<string, number> = {};
    for (const inm of [`"${up.body.sha256}"`, `W/"${up.body.sha256}"`, `"other", "${up.body.sha256}"`, '*']) {
      statuses[inm.slice(0, 12)] = (await fetch(path, { headers: { authorization: `Bearer ${w.operator('ana')}`, 'if-none-match': inm } })).status;
    }
    expect(Object.values(statuses)).toEqual([304, 304, 304, 304]);
  });

  it('documents in OpenAPI the codes the evidence routes answer (README: every route with its error statuses and codes)', async () => {
    type Responses = Record<string, { description: string }>;
    const doc = (await (await fetch(`${s.url}/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, { responses: Responses }>> };
    const post = doc.paths['/jobs/{id}/evidence'].post.responses;
    const get = doc.paths['/jobs/{id}/evidence/{evidenceId}/content'].get.responses;
    expect({
      malformed: post['400'].description.includes('MALFORMED_MULTIPART'),
      suspended: post['403'].description.includes('OPERATOR_SUSPENDED'),
      notModified: '304' in get,
      encoding: post['415'].description.includes('UNSUPPORTED_CONTENT_ENCODING'),
      rebuildNotJson: doc.paths['/admin/projections/{name}/rebuild'].post.responses['415']?.description.includes('UNSUPPORTED_MEDIA_TYPE'),
    }).toEqual({ malformed: true, suspended: true, notModified: true, encoding: true, rebuildNotJson: true });
  });
});
