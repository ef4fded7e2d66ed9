import { responseValidator, templateOf, type OpenApiDoc } from '../testing/openapi-schemas';
import { agentTour, operationsTour, recording, serviceTour, type Answer } from '../testing/route-tour';
import { startTestServer, type TestServer } from '../testing/test-server';

/**
 * Routes no tour answers with a success, and why. Each is documented all the same (the unit
 * check and the decorators see to that); keep this list short.
 */
const NOT_TOURED: Readonly<Record<string, string>> = {};

const mediaType = (contentType: string) => contentType.split(';')[0].trim();

describe('every success the API answers is the one its OpenAPI document describes', () => {
  let s: TestServer;
  let doc: OpenApiDoc;
  let answers: Answer[];
  beforeAll(async () => {
    s = await startTestServer();
    doc = (await s.call('GET', '/docs/openapi.json')).body;
    const tour = recording(s);
    answers = tour.answers;
    await serviceTour(tour.server);
    await agentTour(tour.server);
    await streams(s, tour.answers);
    await operationsTour(tour.server);
  }, 120_000);
  afterAll(() => s.stop());

  const successes = () => answers.filter((a) => a.status >= 200 && a.status < 300);
  const keyOf = (a: Answer) => `${a.method} ${templateOf(doc, a.method, a.path) ?? `(undocumented) ${a.path}`}`;

  it('validates each 2xx JSON body against the schema documented for its route and status', () => {
    const validate = responseValidator(doc);
    const failures = successes().filter((a) => a.status !== 204).flatMap((a): { key: string; status: number; problem: unknown }[] => {
      const key = keyOf(a);
      const template = templateOf(doc, a.method, a.path);
      const content = template ? doc.paths[template][a.method].responses[String(a.status)]?.content : undefined;
      if (!content) return [{ key, status: a.status, problem: 'no documented body for this status' }];
      const type = mediaType(a.contentType);
      const documented = Object.keys(content).map(mediaType);
      if (!documented.includes(type)) return [{ key, status: a.status, problem: `answered ${type}, documented ${documented.join(', ')}` }];
      if (type !== 'application/json') return [];
      const check = validate(content['application/json'].schema as object);
      return check(a.body) ? [] : [{ key, status: a.status, problem: check.errors }];
    });
    expect(failures).toEqual([]);
  });

  it('answered a success on every documented route but the few listed, each with its reason', () => {
    const toured = new Set(successes().map(keyOf));
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`));
    expect(documented.filter((k) => !toured.has(k)).sort()).toEqual(Object.keys(NOT_TOURED).sort());
    expect([...toured].filter((k) => !documented.includes(k))).toEqual([]);
  });

  it('answered 204 and a non-JSON body only where they are documented (claim-next, evidence bytes, metrics, streams)', () => {
    const other = successes().filter((a) => a.status === 204 || mediaType(a.contentType) !== 'application/json').map((a) => `${keyOf(a)} ${a.status}`);
    expect([...new Set(other)].sort()).toEqual([
      'get /jobs/{id}/attempts/{n}/stream 200', 'get /jobs/{id}/evidence/{evidenceId}/content 200', 'get /jobs/{id}/stream 200', 'get /jobs/{id}/wait 200',
      'get /metrics 200', 'get /operators/{slug}/desk/stream 200', 'get /threads/{id}/stream 200', 'post /projects/{slug}/jobs/claim-next 204',
    ]);
  });
});

/**
 * Each stream route opened (its status and content type kept, as `recording` keeps an answer)
 * and left at once: what it sends is the business of the live/ tests.
 */
const streams = async (s: TestServer, answers: Answer[]) => {
  const admin = s.token('admin');
  const job = answers.find((a) => a.method === 'post' && a.path === '/projects/agents/jobs');
  const jobId = (job?.body as { jobId: string }).jobId;
  const paths = [
    [`/jobs/${jobId}/stream`, admin], [`/jobs/${jobId}/attempts/1/stream`, admin], [`/jobs/${jobId}/wait?timeout=1`, admin],
    ['/operators/ana/desk/stream', s.token('operator', { operator: 'ana' })], [`/threads/${encodeURIComponent(`coord:job:${jobId}`)}/stream`, admin],
  ] as const;
  for (const [path, token] of paths) {
    const abort = new AbortController();
    const r = await fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
    answers.push({ method: 'get', path: path.split('?')[0], status: r.status, contentType: r.headers.get('content-type') ?? '', body: null });
    abort.abort();
    await r.body?.cancel().catch(() => undefined);
  }
};
