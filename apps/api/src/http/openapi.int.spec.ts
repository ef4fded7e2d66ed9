import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DECORATORS } from '@nestjs/swagger/dist/constants';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { evidenceForm, governedJob, png, setUpWorld, type World } from '../testing/fixtures';
import { responseValidator, type OpenApiDoc } from '../testing/openapi-schemas';
import { startTestServer, type TestServer } from '../testing/test-server';

type Operation = { security?: unknown[]; parameters?: { name: string; in: string; required?: boolean }[]; requestBody?: any; responses: Record<string, any> };
type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, any> } };

const ERROR_REF = '#/components/schemas/ApiErrorBody';
/** Fields a DTO requires only for some value of another field: documented as optional, with the rule in their description. */
const REQUIRED_BY_ANOTHER_FIELD: Record<string, readonly string[]> = { AssigneeDto: ['slug', 'agentId'] };
/** Routes that change state without going through `Commands` (no Idempotency-Key). */
const NOT_COMMANDS = new Set(['post /admin/projections/{name}/rebuild']);

describe('the OpenAPI document says what each route can answer', () => {
  let s: TestServer;
  let w: World;
  let doc: Doc;
  beforeAll(async () => {
    s = await startTestServer({ JOBLEDGER_MAX_EVIDENCE_BYTES: '4096' });
    w = await setUpWorld(s, ['ana']);
    doc = (await s.call('GET', '/docs/openapi.json')).body;
  });
  afterAll(() => s.stop());

  const operations = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ key: `${method} ${path}`, method, op })));
  const op = (method: string, path: string) => doc.paths[path][method];

  it('registers the SPEC error shape once and gives every authenticated route its 401 in that shape', () => {
    expect(doc.components.schemas.ApiErrorBody.properties.error).toBeDefined();
    expect(doc.components.schemas.ApiErrorDetail.required).toEqual(expect.arrayContaining(['code', 'message', 'details']));
    const secured = operations().filter(({ op: o }) => o.security?.length);
    expect(secured.length).toBeGreaterThan(70);
    for (const { key, op: o } of secured) {
      for (const status of ['400', '401', '503']) {
        expect([key, status, o.responses[status]?.content?.['application/json']?.schema?.$ref]).toEqual([key, status, ERROR_REF]);
      }
      expect([key, Object.keys(o.responses).some((st) => st.startsWith('2'))]).toEqual([key, true]);
    }
  });

  /** Every class the DTO modules export: request bodies and queries. */
  const dtoClasses = () =>
    readdirSync(join(__dirname, '..', 'dto'))
      .filter((f) => f.endsWith('.dto.ts'))
      .flatMap((f) => Object.values(require(join(__dirname, '..', 'dto', f)) as Record<string, unknown>))
      .filter((v): v is new () => object => typeof v === 'function' && getMetadataStorage().getTargetValidationMetadatas(v, '', true, false).length > 0);

  it('describes every field a DTO validates (a query\'s parameters included)', () => {
    const undescribed = dtoClasses().flatMap((dto) => {
      const described = new Set((Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, dto.prototype) as string[] | undefined ?? []).map((p) => p.replace(/^:/, '')));
      const validated = new Set(getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).map((r) => r.propertyName));
      return [...validated].filter((p) => !described.has(p)).map((p) => `${dto.name}.${p}`);
    });
    expect(undescribed).toEqual([]);
  });

  it('documents every field each body DTO validates, and as required exactly the ones it requires', () => {
    const dtos = dtoClasses().filter((dto) => doc.components.schemas[dto.name] !== undefined);
    expect(dtos.length).toBeGreaterThan(30);
    const mismatches = dtos.flatMap((dto) => {
      const rules = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
      const validated = [...new Set(rules.map((r) => r.propertyName))].sort();
      // Optional: skipped when absent (IsOptional / OptionalNotNull, both conditional rules), any value (Allow), or required by another field's value.
      const optional = new Set([
        ...rules.filter((r) => r.type === ValidationTypes.CONDITIONAL_VALIDATION || r.type === ValidationTypes.WHITELIST).map((r) => r.propertyName),
        ...(REQUIRED_BY_ANOTHER_FIELD[dto.name] ?? []),
      ]);
      const schema = doc.components.schemas[dto.name];
      const documented = Object.keys(schema.properties ?? {}).sort();
      const required = [...(schema.required ?? [])].sort();
      const wanted = validated.filter((p) => !optional.has(p));
      return [
        ...(documented.join() === validated.join() ? [] : [{ dto: dto.name, documented, validated }]),
        ...(required.join() === wanted.join() ? [] : [{ dto: dto.name, required, wanted }]),
      ];
    });
    expect(mismatches).toEqual([]);
  });

  it('declares each `{name}` in every documented path as a required path parameter, and no other', () => {
    for (const { key, op: o } of operations()) {
      const inPath = [...key.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const declared = (o.parameters ?? []).filter((p) => p.in === 'path').map((p) => `${p.name}${p.required ? '' : ' (optional)'}`).sort();
      expect([key, declared]).toEqual([key, inPath]);
    }
  });

  it('documents claim-next’s 204, the evidence form, and Idempotency-Key on every command', () => {
    expect(Object.keys(op('post', '/projects/{slug}/jobs/claim-next').responses)).toEqual(expect.arrayContaining(['201', '204']));
    const form = op('post', '/jobs/{id}/evidence').requestBody.content['multipart/form-data'].schema;
    expect(Object.keys(form.properties).sort()).toEqual(['category', 'file', 'note', 'serviceEventId']);
    expect(form.required).toEqual(['serviceEventId', 'category', 'file']);
    for (const { key, method, op: o } of operations()) {
      const declares = (o.parameters ?? []).some((p) => p.in === 'header' && p.name === 'Idempotency-Key');
      expect([key, declares]).toEqual([key, method !== 'get' && !NOT_COMMANDS.has(key)]);
    }
  });

  it('refuses in the document the bodies the server refuses with a 400 for a rule of their fields, and accepts the ones it accepts', async () => {
    const validate = responseValidator(doc as unknown as OpenApiDoc);
    const request = await s.call('POST', '/requests', {
      token: w.requester, body: { projectSlug: w.project, surface: w.surface, tier: 'basic', customer: { name: 'Kim', contact: 'kim@example.com' }, details: 'scratch' },
    });
    const cases: { path: string; template: string; body: object; status: number; token?: string }[] = [
      { path: `/projects/${w.project}/jobs`, template: '/projects/{slug}/jobs', body: { description: 'p', priority: 2.5 }, status: 400 },
      { path: `/projects/${w.project}/jobs`, template: '/projects/{slug}/jobs', body: { description: '' }, status: 400 },
      { path: `/projects/${w.project}/jobs`, template: '/projects/{slug}/jobs', body: { description: 'p', maxAttempts: 0 }, status: 400 },
      { path: '/operators', template: '/operators', body: { slug: 'Not A Slug', name: 'X' }, status: 400 },
      { path: '/operators', template: '/operators', body: { slug: 'docs-ok', name: 'Docs' }, status: 201 },
      { path: `/requests/${request.body.requestId}/withdraw`, template: '/requests/{id}/withdraw', body: { reason: '  ' }, status: 400, token: w.requester },
      // The other kind's field may be sent as null: clients that always send both say so with it.
      { path: `/projects/${w.project}/jobs`, template: '/projects/{slug}/jobs', body: { description: 'p', assignee: { kind: 'operator', slug: 'ana', agentId: null }, phase: 'idea' }, status: 201 },
    ];
    for (const c of cases) {
      const schema = op('post', c.template).requestBody.content['application/json'].schema as object;
      const answered = (await s.call('POST', c.path, { token: c.token ?? w.admin, body: c.body })).status;
      expect([c.body, answered, validate(schema)(c.body)]).toEqual([c.body, c.status, c.status < 400]);
    }
  });

  it('names PROJECT_NOT_FOUND among the 404s of the routes that read a project’s jobs', () => {
    const routes = [
      ['get', '/projects/{slug}/jobs'], ['get', '/projects/{slug}/jobs/ready'], ['get', '/projects/{slug}/jobs/blocked'],
      ['post', '/projects/{slug}/jobs/claim-next'], ['get', '/admin/metrics'],
    ];
    for (const [method, path] of routes) {
      expect([method, path, op(method, path).responses['404']?.description]).toEqual([method, path, expect.stringContaining('PROJECT_NOT_FOUND')]);
    }
  });

  it('names ANCESTOR_CANCELLED among the 409s of a claim by id', () => {
    expect(op('post', '/jobs/{id}/claim').responses['409']?.description).toEqual(expect.stringContaining('ANCESTOR_CANCELLED'));
  });

  it('lists every status the routes answer when provoked', async () => {
    const ana = w.operator('ana');
    const { jobId } = await governedJob(s, w, 'ana');
    const seen: [string, string, number][] = [];
    const call = async (method: string, template: string, path: string, options: Parameters<TestServer['call']>[2] = {}) => {
      const r = await s.call(method, path, options);
      seen.push([method.toLowerCase(), template, r.status]);
      return r;
    };
    await call('POST', '/operators', '/operators', { body: { slug: 'x', name: 'X' } });
    await call('POST', '/operators', '/operators', { token: w.admin, body: { slug: 'x' } });
    await call('POST', '/operators', '/operators', { token: s.token('auditor'), body: { slug: 'x', name: 'X' } });
    await call('POST', '/operators', '/operators', { token: w.admin, body: { slug: 'ana', name: 'Ana' } });
    await call('GET', '/jobs/{id}', '/jobs/detailing-999', { token: w.admin });
    await call('GET', '/jobs/{id}', `/jobs/${jobId}`, { token: w.requester });
    await call('GET', '/surfaces', '/surfaces', { token: w.admin, headers: { 'idempotency-key': 'bad key' } });
    await call('POST', '/projects/{slug}/jobs/claim-next', `/projects/${w.project}/jobs/claim-next`, { token: s.token('agent', { agent: 'bot', projects: [w.project] }), body: {} });
    const se = (await call('POST', '/jobs/{id}/claim', `/jobs/${jobId}/claim`, { token: ana, body: { start: true } })).body.serviceEventId;
    await call('POST', '/jobs/{id}/claim', `/jobs/${jobId}/claim`, { token: ana, body: {} });
    await call('POST', '/jobs/{id}/evidence', `/jobs/${jobId}/evidence`, { token: ana, body: { serviceEventId: se, category: 'arrival' } });
    await call('POST', '/jobs/{id}/evidence', `/jobs/${jobId}/evidence`, { token: ana, body: evidenceForm({ serviceEventId: se, category: 'arrival' }, { bytes: Buffer.concat([png('big'), Buffer.alloc(5000)]), type: 'image/png' }) });
    await call('POST', '/jobs/{id}/evidence', `/jobs/${jobId}/evidence`, { token: ana, body: evidenceForm({ serviceEventId: se, category: 'nonsense' }, { bytes: png('x'), type: 'image/png' }) });
    await call('POST', '/jobs/{id}/complete', `/jobs/${jobId}/complete`, { token: ana, body: { serviceEventId: se } });
    await call('POST', '/jobs/{id}/complete', `/jobs/${jobId}/complete`, { token: ana, body: { serviceEventId: '00000000-0000-4000-8000-000000000000' } });
    await call('POST', '/operators/{slug}/access', '/operators/ana/access', { token: w.admin, body: { state: 'limited', reason: 'paperwork' } });
    await call('GET', '/operators/{slug}/desk', '/operators/ana/desk', { token: ana });

    expect(new Set(seen.map(([, , status]) => status))).toEqual(new Set([401, 400, 403, 409, 201, 404, 200, 204, 415, 413, 422]));
    for (const [method, template, status] of seen) {
      expect([method, template, status, op(method, template).responses[String(status)] !== undefined]).toEqual([method, template, status, true]);
    }
  });
});
