import { setTimeout as sleep } from 'node:timers/promises';
import { startTestServer, type TestServer } from '../testing/test-server';

type Item = { jobId: string; title: string; priority: number };

/** `GET /projects/:slug/jobs` and `GET /jobs`: filters, a stable order, cursor pages, who may list. */
describe('agent jobs: lists over HTTP', () => {
  let s: TestServer;
  let admin: string;
  let bot: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    s = await startTestServer();
    admin = s.token('admin');
    bot = s.token('agent', { agent: 'bot', projects: ['proj'] });
    await s.call('POST', '/projects', { token: admin, body: { slug: 'proj', name: 'Project' } });
    await s.call('POST', '/projects', { token: admin, body: { slug: 'other', name: 'Other' } });
    await s.call('POST', '/surfaces', { token: admin, body: { key: 'code-review', name: 'Code review', kind: 'advisory', requiredEvidence: [] } });
    const make = async (name: string, body: object, slug = 'proj') => {
      const r = await s.call('POST', `/projects/${slug}/jobs`, { token: admin, body: { title: name, ...body } });
      if (r.status !== 201) throw new Error(JSON.stringify(r.body));
      ids[name] = r.body.jobId;
    };
    await make('low', { description: 'Tidy the README', priority: 4 });
    await make('urgent', { description: 'The PARSER crashes on empty input', priority: 0 });
    await make('mid-1', { description: 'Refactor the lexer', assignee: { kind: 'agent', agentId: 'bot' } });
    await make('mid-2', { description: 'Review the parser change', surface: 'code-review', phase: 'backlog' });
    await make('mid-3', { description: 'Upgrade the toolchain' });
    await make('elsewhere', { description: 'parser in another project', priority: 0 }, 'other');
    await s.call('POST', `/jobs/${ids['mid-3']}/dependencies`, { token: admin, body: { relatedJobId: ids.low, relation: 'blocked_by' } });
  });
  afterAll(() => s.stop());

  const list = async (query = '', token = admin, path = '/projects/proj/jobs') => {
    const r = await s.call('GET', `${path}${query}`, { token });
    expect(r.status).toBe(200);
    return r.body as { items: Item[]; nextCursor: string | null };
  };
  const titles = async (query = '', token = admin, path?: string) => (await list(query, token, path)).items.map((j) => j.title);

  it('lists a project\'s jobs by priority, then first created first, without storage fields', async () => {
    expect(await titles()).toEqual(['urgent', 'mid-1', 'mid-2', 'mid-3', 'low']);
    const [first] = (await list()).items as (Item & Record<string, unknown>)[];
    expect(first).toMatchObject({ jobId: ids.urgent, projectSlug: 'proj', phase: 'ready' });
    expect(first).not.toHaveProperty('searchText');
    expect(first).not.toHaveProperty('_id');
  });

  it.each([
    ['?phase=backlog', ['mid-2']],
    ['?effectivePhase=blocked', ['mid-3']],
    ['?effectivePhase=ready', ['urgent', 'mid-1', 'low']],
    ['?priority=0', ['urgent']],
    ['?assignee=agent:bot', ['mid-1']],
    ['?surface=code-review', ['mid-2']],
    ['?q=parser', ['urgent', 'mid-2']],
    ['?q=parser&phase=ready', ['urgent']],
    ['?since=1h', ['urgent', 'mid-1', 'mid-2', 'mid-3', 'low']],
    [`?since=${new Date(Date.now() + 3_600_000).toISOString()}`, []],
    ['?stuck=true', []],
  ])('filters %s', async (query, expected) => {
    expect(await titles(query)).toEqual(expected);
  });

  it('pages with a cursor in the same order, nothing twice, nothing left out', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Item[]; nextCursor: string | null } = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((j) => j.title));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['urgent', 'mid-1', 'mid-2', 'mid-3', 'low']);
  });

  it('refuses a cursor made by another query: 400 INVALID_CURSOR, not a page of the wrong list', async () => {
    const { nextCursor } = await list('?limit=1&phase=ready');
    if (typeof nextCursor !== 'string') throw new Error('the first page should have a next one');
    for (const other of ['?limit=1&effectivePhase=ready', '?limit=1&q=parser', '?limit=1&stuck=true']) {
      const r = await s.call('GET', `/projects/proj/jobs${other}&cursor=${encodeURIComponent(nextCursor)}`, { token: admin });
      expect([other, r.status, r.body.error?.code]).toEqual([other, 400, 'INVALID_CURSOR']);
    }
    const same = await s.call('GET', `/projects/proj/jobs?limit=1&phase=ready&cursor=${encodeURIComponent(nextCursor)}`, { token: admin });
    expect(same.status).toBe(200);
  });

  it('GET /jobs lists every project for admins and auditors', async () => {
    expect(await titles('?q=parser', admin, '/jobs')).toEqual(['urgent', 'elsewhere', 'mid-2']);
    expect(await titles('?priority=0', s.token('auditor'), '/jobs')).toEqual(['urgent', 'elsewhere']);
  });

  it('lets agents and reviewers list the projects their token names, and nobody else (403)', async () => {
    expect(await titles('?priority=0', bot)).toEqual(['urgent']);
    expect(await titles('?priority=0', s.token('reviewer', { projects: ['proj'] }))).toEqual(['urgent']);
    for (const [path, token] of [
      ['/projects/other/jobs', bot], ['/jobs', bot], ['/projects/proj/jobs', s.token('operator', { operator: 'ana' })],
      ['/projects/proj/jobs', s.token('requester')], ['/projects/proj/jobs/blocked', s.token('agent', { agent: 'x', projects: [] })],
    ] as const) {
      expect((await s.call('GET', path, { token })).status).toBe(403);
    }
  });

  it('answers 404 PROJECT_NOT_FOUND for a project that does not exist, after the same role checks as for one that does', async () => {
    const lists = ['/projects/nope/jobs', '/projects/nope/jobs/ready', '/projects/nope/jobs/blocked'];
    for (const path of lists) {
      for (const token of [admin, s.token('auditor'), s.token('agent', { agent: 'lost', projects: ['nope'] }), s.token('reviewer', { projects: ['nope'] })]) {
        const r = await s.call('GET', path, { token });
        expect([path, r.status, r.body.error?.code]).toEqual([path, 404, 'PROJECT_NOT_FOUND']);
      }
      // Not allowed the project: the same 403 whether it exists ('other') or not.
      for (const token of [bot, s.token('reviewer', { projects: ['proj'] }), s.token('requester')]) {
        const known = await s.call('GET', path.replace('nope', 'other'), { token });
        const unknown = await s.call('GET', path, { token });
        expect([path, known.status, unknown.status, unknown.body.error?.code]).toEqual([path, 403, 403, known.body.error?.code]);
      }
    }
    // An operator lists no project, but reads its own part of any ready queue.
    const ana = s.token('operator', { operator: 'ana' });
    expect(await Promise.all(lists.map(async (path) => (await s.call('GET', path, { token: ana })).status))).toEqual([403, 404, 403]);
    expect(await list('?q=nothing-is-called-this')).toEqual({ items: [], nextCursor: null });
    expect(await list('', admin, '/projects/other/jobs/blocked')).toEqual({ items: [], nextCursor: null });
  });

  it.each(['?priority=9', '?since=yesterday', '?stuck=maybe', '?phase=blocked', '?assignee=bob', '?colour=red', '?cursor=garbage'])(
    'answers 400 for %s',
    async (query) => {
      const r = await s.call('GET', `/projects/proj/jobs${query}`, { token: admin });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toEqual(expect.any(String));
    },
  );
});

describe('agent jobs: the stuck filter', () => {
  let s: TestServer;
  // A one-second agent lease and a watchdog that does not run: a silent claim stays claimed.
  beforeAll(async () => {
    s = await startTestServer({ JOBLEDGER_LEASE_SECONDS: '1', JOBLEDGER_LEASE_CHECK_MS: '600000' });
  });
  afterAll(() => s.stop());

  it('lists active jobs with no heartbeat for longer than their claimant\'s lease', async () => {
    const admin = s.token('admin');
    const bot = s.token('agent', { agent: 'bot', projects: ['proj'] });
    await s.call('POST', '/projects', { token: admin, body: { slug: 'proj', name: 'Project' } });
    const silent = (await s.call('POST', '/projects/proj/jobs', { token: admin, body: { description: 'silent' } })).body.jobId;
    const idle = (await s.call('POST', '/projects/proj/jobs', { token: admin, body: { description: 'never claimed' } })).body.jobId;
    expect((await s.call('POST', `/jobs/${silent}/claim`, { token: bot, body: {} })).status).toBe(201);
    const stuck = async () => (await s.call('GET', '/projects/proj/jobs?stuck=true', { token: admin })).body.items.map((j: Item) => j.jobId);
    expect(await stuck()).toEqual([]);
    await sleep(1500);
    expect(await stuck()).toEqual([silent]);
    expect(await stuck()).not.toContain(idle);
  });
});
