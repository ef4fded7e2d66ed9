import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { evidenceForm, governedJob, png, setUpWorld, type World } from '../testing/fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';

/** The evidence upload at its edges: bodies cut short, repeats, several files, and how the bytes are served back. */
describe('evidence uploads and their bytes', () => {
  let s: TestServer;
  let w: World;
  beforeAll(async () => {
    s = await startTestServer();
    w = await setUpWorld(s, ['ana', 'bob']);
  });
  afterAll(() => s.stop());

  const started = async () => {
    const { jobId } = await governedJob(s, w, 'ana');
    const claim = await s.call('POST', `/jobs/${jobId}/claim`, { token: w.operator('ana'), body: { start: true } });
    return { jobId, se: claim.body.serviceEventId as string };
  };
  const photo = (jobId: string, se: string, category: string, bytes: Buffer, headers: Record<string, string> = {}) =>
    s.call('POST', `/jobs/${jobId}/evidence`, { token: w.operator('ana'), headers, body: evidenceForm({ serviceEventId: se, category }, { bytes, type: 'image/png' }) });

  const BOUNDARY = 'XBOUNDARYX';
  const field = (name: string, value: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  /** The file first, then the fields: a body cut after the file still parses as far as it goes. */
  const fileFirst = (se: string, bytes: Buffer) => Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`), bytes, Buffer.from('\r\n'),
    Buffer.from(field('serviceEventId', se) + field('category', 'arrival') + field('note', 'keys returned to reception')),
    Buffer.from(`--${BOUNDARY}--\r\n`),
  ]);
  /** Sends the head and the first `cut` bytes of a body of Content-Length `body.length`, then drops the connection. */
  const dropAfter = (jobId: string, body: Buffer, cut: number) =>
    new Promise<string>((resolve) => {
      const { hostname, port } = new URL(s.url);
      const socket = connect(Number(port), hostname, () => {
        socket.write([
          `POST /jobs/${jobId}/evidence HTTP/1.1`, 'Host: x', 'Connection: close', `Authorization: Bearer ${w.operator('ana')}`,
          `Content-Type: multipart/form-data; boundary=${BOUNDARY}`, `Content-Length: ${body.length}`, '', '',
        ].join('\r\n'));
        socket.write(body.subarray(0, cut));
        setTimeout(() => socket.destroy(), 200);
      });
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('close', () => resolve(answer));
      socket.on('error', () => resolve(answer));
    });

  it('appends nothing for an upload whose connection dropped after the file, in the middle of its fields', async () => {
    const { jobId, se } = await started();
    const body = fileFirst(se, png('dropped'));
    const before = await s.backends.eventStore.headPosition();
    await dropAfter(jobId, body, body.indexOf('keys returned'));
    await sleep(500); // the server reads on after the client went away
    expect(await s.backends.eventStore.headPosition()).toBe(before);
  });

  it('refuses a whole body that ends inside its file part (no boundary after it): the file may be cut anywhere', async () => {
    const { jobId, se } = await started();
    const unclosed = Buffer.concat([
      Buffer.from(field('serviceEventId', se) + field('category', 'arrival')),
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`), png('unclosed'),
    ]);
    const before = await s.backends.eventStore.headPosition();
    for (const framing of ['length', 'chunked'] as const) {
      const answer = await new Promise<string>((resolve) => {
        const { hostname, port } = new URL(s.url);
        const socket = connect(Number(port), hostname, () => {
          socket.write([
            `POST /jobs/${jobId}/evidence HTTP/1.1`, 'Host: x', 'Connection: close', `Authorization: Bearer ${w.operator('ana')}`,
            `Content-Type: multipart/form-data; boundary=${BOUNDARY}`,
            framing === 'length' ? `Content-Length: ${unclosed.length}` : 'Transfer-Encoding: chunked', '', '',
          ].join('\r\n'));
          socket.write(framing === 'length' ? unclosed : Buffer.concat([Buffer.from(`${unclosed.length.toString(16)}\r\n`), unclosed, Buffer.from('\r\n0\r\n\r\n')]));
        });
        let received = '';
        socket.on('data', (chunk) => (received += chunk.toString()));
        socket.on('close', () => resolve(received));
        setTimeout(() => socket.destroy(), 3_000);
      });
      expect({ framing, status: answer.split('\r\n')[0], malformed: answer.includes('MALFORMED_MULTIPART') }).toEqual({ framing, status: 'HTTP/1.1 400 Bad Request', malformed: true });
    }
    expect(await s.backends.eventStore.headPosition()).toBe(before);
  });

  it('refuses an upload by someone who may not touch the job before reading its body: no 25 MiB held for them', async () => {
    const { jobId } = await started();
    const answer = await new Promise<string>((resolve) => {
      const { hostname, port } = new URL(s.url);
      const socket = connect(Number(port), hostname, () => {
        // Headers announcing 25 MiB, then a few bytes, then nothing: a server that reads the body first never answers.
        socket.write([
          `POST /jobs/${jobId}/evidence HTTP/1.1`, 'Host: x', `Authorization: Bearer ${s.token('operator', { operator: 'bob' })}`,
          `Content-Type: multipart/form-data; boundary=${BOUNDARY}`, `Content-Length: ${25 * 1024 * 1024}`, '', `--${BOUNDARY}\r\n`,
        ].join('\r\n'));
      });
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString();
        if (received.includes('\r\n\r\n')) socket.destroy();
      });
      socket.on('close', () => resolve(received));
      setTimeout(() => socket.destroy(), 3_000);
    });
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 404 Not Found');
  });

  it('answers a repeated upload (same Idempotency-Key) with the first answer, also once the attempt has ended', async () => {
    const { jobId, se } = await started();
    const key = { 'idempotency-key': `arrival-${jobId}` };
    const first = await photo(jobId, se, 'arrival', png(`arrival-${jobId}`), key);
    expect(first.status).toBe(201);
    for (const category of ['before', 'after']) expect((await photo(jobId, se, category, png(`${category}-${jobId}`))).status).toBe(201);
    expect((await s.call('POST', `/jobs/${jobId}/complete`, { token: w.operator('ana'), body: { serviceEventId: se } })).status).toBe(200);
    const head = await s.backends.eventStore.headPosition();
    const again = await photo(jobId, se, 'arrival', png(`arrival-${jobId}`), key);
    expect([again.status, again.body.evidenceId, again.body.sha256]).toEqual([201, first.body.evidenceId, first.body.sha256]);
    expect(await s.backends.eventStore.headPosition()).toBe(head);
  });

  it('answers a repeated upload with its first answer also once the job went to someone else, as any repeated command', async () => {
    const { jobId, se } = await started();
    const key = { 'idempotency-key': `moved-${jobId}` };
    const first = await photo(jobId, se, 'arrival', png(`moved-${jobId}`), key);
    expect(first.status).toBe(201);
    expect((await s.call('POST', `/jobs/${jobId}/release`, { token: w.operator('ana'), body: { serviceEventId: se } })).status).toBe(200);
    const reassigned = await s.call('POST', `/admin/jobs/${jobId}/reassign`, { token: w.admin, body: { to: { kind: 'operator', slug: 'bob' }, reason: 'ana is off' } });
    expect(reassigned.status).toBe(200);
    const again = await photo(jobId, se, 'arrival', png(`moved-${jobId}`), key);
    expect([again.status, again.body.evidenceId]).toEqual([201, first.body.evidenceId]);
  });

  it('refuses a second file part as a 400 naming the rule, not as a body too large', async () => {
    const { jobId, se } = await started();
    const form = evidenceForm({ serviceEventId: se, category: 'arrival' }, { bytes: png('one'), type: 'image/png' });
    form.append('file', new Blob([png('two')], { type: 'image/png' }), 'b.png');
    const answer = await s.call('POST', `/jobs/${jobId}/evidence`, { token: w.operator('ana'), body: form });
    expect([answer.status, answer.body.error.code, answer.body.error.message]).toEqual([400, 'VALIDATION_FAILED', 'exactly one part named "file" is expected']);
  });

  it('serves the bytes as a download the browser may not sniff: a polyglot PNG never renders as HTML', async () => {
    const { jobId, se } = await started();
    const polyglot = Buffer.concat([png('polyglot'), Buffer.from('<html><script>alert(1)</script></html>')]);
    const uploaded = await photo(jobId, se, 'arrival', polyglot);
    expect(uploaded.status).toBe(201);
    const served = await fetch(`${s.url}/jobs/${jobId}/evidence/${uploaded.body.evidenceId}/content`, { headers: { authorization: `Bearer ${w.operator('ana')}` } });
    expect(served.status).toBe(200);
    expect({
      type: served.headers.get('content-type'), nosniff: served.headers.get('x-content-type-options'),
      disposition: served.headers.get('content-disposition'), csp: served.headers.get('content-security-policy'),
    }).toEqual({
      type: 'image/png', nosniff: 'nosniff', disposition: `attachment; filename="${uploaded.body.evidenceId}.png"`, csp: "default-src 'none'; sandbox",
    });
  });

  it('lets a browser keep the bytes only while the caller may still read them: revalidated on each use, 304 when unchanged', async () => {
    const { jobId, se } = await started();
    const uploaded = await photo(jobId, se, 'arrival', png(`cached-${jobId}`));
    const path = `${s.url}/jobs/${jobId}/evidence/${uploaded.body.evidenceId}/content`;
    const first = await fetch(path, { headers: { authorization: `Bearer ${w.operator('ana')}` } });
    const etag = first.headers.get('etag');
    expect([first.headers.get('cache-control'), etag]).toEqual(['private, no-cache', `"${uploaded.body.sha256}"`]);
    const again = await fetch(path, { headers: { authorization: `Bearer ${w.operator('ana')}`, 'if-none-match': etag ?? '' } });
    expect([again.status, (await again.arrayBuffer()).byteLength]).toEqual([304, 0]);
    // Access is checked before the cache is: someone who may not read the job learns nothing from an ETag.
    const other = s.token('operator', { operator: 'bob' });
    const refused = await fetch(path, { headers: { authorization: `Bearer ${other}`, 'if-none-match': etag ?? '' } });
    expect(refused.status).toBe(404);
  });
});
