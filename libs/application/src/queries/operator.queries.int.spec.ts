import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { EventStore, RecordedEvent } from '../../../eventstore/src/port';
import { findSql } from '../../../readstore/src/sqlite/find-sql';
import { tableName } from '../../../readstore/src/sqlite/names';
import { SqliteReadStore } from '../../../readstore/src/sqlite/sqlite-read-store';
import { keyColumnsOf } from '../../../readstore/src/sqlite/tables';
import { DESK_JOBS, desksProjection, READY_TO_CLAIM_LIMIT, readyQueueQuery } from '../../../../projections/desks';
import { jobsProjection } from '../../../../projections/jobs';
import { ev, operator, resetLog } from '../../../../projections/testing';
import type { Clock } from '../commands/command-context';
import { GetDeskHandler } from './operator.queries';
import { GetDeskQuery } from './queries';

/**
 * The Desk's `readyToClaim` is assembled at query time from `desk_jobs` (and `jobs`, which
 * knows which jobs are blocked): these tests project events into the real SQLite read store
 * and ask `GetDeskHandler`, as the API does.
 */
describe('GET desk: the ready queue is a query over desk_jobs', () => {
  const dana = operator('dana');
  const asDana = { sub: 'dana', role: 'operator' as const, operator: 'dana' };
  let file: string;
  let read: SqliteReadStore;

  beforeEach(() => {
    resetLog();
    file = join(mkdtempSync(join(tmpdir(), 'jobledger-desk-')), 'read.sqlite');
    read = SqliteReadStore.open({ file });
  });
  afterEach(() => {
    read.close();
    rmSync(dirname(file), { recursive: true, force: true });
  });

  /**
   * Projects the events as the projector does (declared collections and indexes first); the
   * handler's event store holds `log` (by default the same events).
   */
  const projected = async (events: readonly RecordedEvent[], log: readonly RecordedEvent[] = events) => {
    for (const projection of [desksProjection, jobsProjection]) {
      for (const c of projection.collections) await read.ensureCollection(c.name, c.indexes);
      const types = new Set(projection.eventTypes);
      for (const event of events.filter((e) => types.has(e.type))) {
        await read.applyBatch(projection.name, event.position, (writer) => projection.apply(event, writer));
      }
    }
    const store = { readStream: async (streamId: string) => log.filter((e) => e.streamId === streamId) } as unknown as EventStore;
    return (now: string) => {
      const clock: Clock = { now: () => new Date(now) };
      return new GetDeskHandler(store, read, clock).execute(new GetDeskQuery(asDana, 'dana'));
    };
  };
  const ids = (desk: { readyToClaim: { jobId: string }[] }) => desk.readyToClaim.map((j) => j.jobId);

  it('answers priority first, then first created first — deferred and budget-exhausted jobs left out — in the Desk shape', async () => {
    const deferredUntil = '2026-03-01T00:00:00.000Z';
    const deskAt = await projected([
      ev.operatorRegistered('dana', 'Dana Diaz'), ev.operatorRegistered('eli'),
      ev.jobCreated('acme-00000001', { assignee: dana, priority: 2 }),
      ev.jobCreated('acme-00000002', { assignee: dana, priority: 0 }),
      ev.jobCreated('acme-00000003', { assignee: dana, priority: 2 }),
      ev.jobCreated('acme-00000004', { assignee: dana, priority: 1 }),
      ev.jobUpdated('acme-00000001', { title: 'renamed' }), // an edit does not move it to the back
      ev.jobCreated('acme-00000005', { assignee: dana, priority: 3 }),
      ev.jobUpdated('acme-00000005', { priority: 0 }), // a new priority does move it, behind the older priority-0 job
      // deferred: waiting frees the job, a reassignment brings it back with its deferral
      ev.jobCreated('acme-00000006', { assignee: dana, priority: 0 }), ev.claimed('acme-00000006', 'se-6', 1, dana),
      ev.waiting('acme-00000006', 'se-6', deferredUntil), ev.reassigned('acme-00000006', null, dana),
      // budget spent by a lapsed lease: waits for an admin's resubmit
      ev.jobCreated('acme-00000007', { assignee: dana, priority: 0, maxAttempts: 1 }), ev.claimed('acme-00000007', 'se-7', 1, dana),
      ev.released('acme-00000007', 'se-7', 'lease_expired'),
      ev.jobCreated('acme-00000008', { assignee: operator('eli'), priority: 0 }), // another desk
      ev.jobCreated('acme-00000009', { assignee: dana, priority: 0, phase: 'backlog' }), // not ready
      ev.jobCreated('acme-0000000a', { assignee: dana, priority: 0 }), ev.claimed('acme-0000000a', 'se-a', 1, dana), // active
    ]);

    const desk = await deskAt('2026-02-01T00:00:00.000Z');
    expect(ids(desk)).toEqual(['acme-00000002', 'acme-00000005', 'acme-00000004', 'acme-00000001', 'acme-00000003']);
    expect(desk.readyToClaim[3]).toEqual({
      jobId: 'acme-00000001', title: 'renamed', priority: 2, createdAt: expect.any(String),
      surface: null, tier: null, customer: null, deferUntil: null,
    });
    expect(Object.keys(desk)).toEqual(['operator', 'name', 'accessState', 'readyToClaim', 'activeJob', 'activeJobs', 'recentCompletions', 'trustSignals', 'createdAt', 'updatedAt']);
    expect(desk).toMatchObject({
      operator: 'dana', name: 'Dana Diaz', accessState: 'active',
      activeJob: { jobId: 'acme-0000000a', serviceEventId: 'se-a', status: 'queued' }, recentCompletions: [], trustSignals: { count: 0, state: 'none' },
    });
    expect(desk.activeJobs).toEqual([desk.activeJob]);

    // Deferral is cut at query time: from its deferUntil on, the job takes its place in the queue.
    const later = await deskAt(deferredUntil);
    expect(ids(later)).toEqual(['acme-00000002', 'acme-00000005', 'acme-00000006', 'acme-00000004', 'acme-00000001', 'acme-00000003']);
    expect(later.readyToClaim[2].deferUntil).toBe(deferredUntil);
  });

  it('orders jobs created at one instant (a template\'s children) by their place in the log, as claim-next takes them: .2 before .10', async () => {
    const at = '2026-01-05T10:00:00.000Z';
    const children = Array.from({ length: 11 }, (_, i) => ev.jobCreated(`acme-00000001.${i + 1}`, { assignee: dana, priority: 1, parentId: 'acme-00000001' }, { occurredAt: at }));
    const desk = await (await projected([ev.operatorRegistered('dana'), ...children]))('2026-06-01T00:00:00.000Z');
    expect(ids(desk)).toEqual(children.map((c) => c.data.jobId));
  });

  it(`shows at most ${READY_TO_CLAIM_LIMIT}: the head of the queue`, async () => {
    const events: RecordedEvent[] = [ev.operatorRegistered('dana')];
    const total = READY_TO_CLAIM_LIMIT + 5;
    for (let i = 0; i < total; i++) {
      events.push(ev.jobCreated(`acme-${i.toString(16).padStart(8, '0')}`, { assignee: dana, priority: i % 2 === 0 ? 1 : 2 }));
    }
    events.push(ev.jobCreated('acme-ffffffff', { assignee: dana, priority: 0 })); // created last, first in line
    const desk = await (await projected(events))('2026-06-01T00:00:00.000Z');
    expect(desk.readyToClaim).toHaveLength(READY_TO_CLAIM_LIMIT);
    const priorities = desk.readyToClaim.map((j) => j.priority);
    expect(desk.readyToClaim[0].jobId).toBe('acme-ffffffff');
    expect(priorities).toEqual([...priorities].sort((a, b) => a - b));
    expect(priorities.filter((p) => p === 1)).toHaveLength(Math.ceil(total / 2));
  });

  it('leaves out a job blocked by an unfinished job, as a claim would refuse it, until its blocker is done', async () => {
    // desk_jobs does not see dependencies: the project ready queue (and a claim, 409 JOB_BLOCKED) do.
    const [blocker, blocked, free] = ['acme-00000001', 'acme-00000002', 'acme-00000003'];
    const events = [
      ev.operatorRegistered('dana'),
      ev.jobCreated(blocker, { assignee: operator('eli') }),
      ev.jobCreated(blocked, { assignee: dana, priority: 0 }),
      ev.jobCreated(free, { assignee: dana, priority: 1 }),
      ev.dependencyAdded(blocked, blocker, 'blocked_by'),
    ];
    const now = '2026-06-01T00:00:00.000Z';
    expect(ids(await (await projected(events))(now))).toEqual([free]);

    // the blocker is worked and completed: the jobs read model unblocks its dependent
    const done = [ev.claimed(blocker, 'se-1', 1, operator('eli')), ev.started(blocker, 'se-1'), ev.completed(blocker, 'se-1')];
    const deskAt = await projected(done, [...events, ...done]);
    expect(ids(await deskAt(now))).toEqual([blocked, free]);
  });

  it(`blocked jobs at the head do not shorten the queue: it still shows ${READY_TO_CLAIM_LIMIT}`, async () => {
    const events: RecordedEvent[] = [ev.operatorRegistered('dana'), ev.jobCreated('beta-00000000')];
    // ten blocked at the head of the queue, then more unblocked jobs than the Desk shows
    for (let i = 0; i < READY_TO_CLAIM_LIMIT + 15; i++) {
      const jobId = `acme-${i.toString(16).padStart(8, '0')}`;
      events.push(ev.jobCreated(jobId, { assignee: dana, priority: i < 10 ? 0 : 1 }));
      if (i < 10) events.push(ev.dependencyAdded(jobId, 'beta-00000000', 'blocked_by'));
    }
    const desk = await (await projected(events))('2026-06-01T00:00:00.000Z');
    expect(desk.readyToClaim).toHaveLength(READY_TO_CLAIM_LIMIT);
    expect(desk.readyToClaim.every((j) => j.priority === 1)).toBe(true);
  });

  it('answers in the same shape, with its queue, before the desk document exists', async () => {
    const registered = ev.operatorRegistered('dana', 'Dana Diaz');
    const created = ev.jobCreated('acme-00000001', { assignee: dana });
    const deskAt = await projected([created], [registered, created]); // the registration is not projected yet
    expect(await deskAt('2026-06-01T00:00:00.000Z')).toEqual({
      operator: 'dana', name: 'Dana Diaz', accessState: 'active', readyToClaim: [expect.objectContaining({ jobId: 'acme-00000001' })],
      activeJob: null, activeJobs: [], recentCompletions: [], trustSignals: { count: 0, state: 'none' },
    });
  });

  it('is served by the declared ready_queue index, in index order (no sort step)', async () => {
    await projected([ev.operatorRegistered('dana')]);
    const { filter, options } = readyQueueQuery('dana', '2026-06-01T00:00:00.000Z');
    const db = new Database(file, { readonly: true });
    try {
      const query = findSql(tableName(DESK_JOBS), filter, options, keyColumnsOf(db, tableName(DESK_JOBS)));
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as { detail: string }[]).map((r) => r.detail).join('\n');
      expect(plan).toContain('ready_queue');
      expect(plan).not.toContain('TEMP B-TREE');
    } finally {
      db.close();
    }
  });
});
