import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { JOBS, jobsProjection } from '../../../../projections/jobs';
import { findSql } from '../../../readstore/src/sqlite/find-sql';
import { tableName } from '../../../readstore/src/sqlite/names';
import { SqliteReadStore } from '../../../readstore/src/sqlite/sqlite-read-store';
import { keyColumnsOf } from '../../../readstore/src/sqlite/tables';
import { jobListFilter } from './list-filter';
import type { Filter, SortSpec } from '../../../readstore/src/port';
import type { JobListFilter } from './queries';

/** Every list query of `GET /projects/:slug/jobs` and `GET /jobs` is served through a declared index. */
describe('job lists: index use on the real store', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jobledger-lists-'));
    file = join(dir, 'read.sqlite');
    const store = SqliteReadStore.open({ file });
    for (const c of jobsProjection.collections) await store.ensureCollection(c.name, c.indexes);
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const SCAN_WITHOUT_INDEX = /SCAN [^\n]*(?<!USING (COVERING )?INDEX [^\n]*)$/m;
  const planOf = (projectSlug: string | null, filter: JobListFilter | Filter, sort: SortSpec = [['priority', 1], ['createdAt', 1]]): string => {
    const query = 'title' in filter ? filter : jobListFilter(projectSlug, filter, new Date('2026-06-01T00:00:00Z'), 300);
    if (!query) throw new Error('no query');
    const db = new Database(file, { readonly: true });
    db.function('jl_icontains', (_text: unknown, _needle: unknown) => 0); // only planned here, never run
    try {
      const { sql, params } = findSql(tableName(JOBS), query, { sort }, keyColumnsOf(db, tableName(JOBS)));
      return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');
    } finally {
      db.close();
    }
  };

  it.each<[string, string | null, JobListFilter, string]>([
    ['a project', 'proj', {}, 'project_priority_created'],
    ['phase', 'proj', { phase: 'ready' }, 'project_phase_priority_created'],
    ['effectivePhase (blocked)', 'proj', { effectivePhase: 'blocked' }, 'project_effective_priority_created'],
    ['priority', 'proj', { priority: 0 }, 'project_priority_created'],
    ['assignee', 'proj', { assignee: 'agent:bot' }, 'project_assignee_priority_created'],
    ['surface', 'proj', { surface: 'code-review' }, 'project_surface_priority_created'],
    ['q', 'proj', { q: 'parser' }, 'project_priority_created'],
    ['stuck', 'proj', { stuck: true }, 'project_phase_priority_created'],
    ['since', 'proj', { since: '1h' }, 'INDEX'],
    ['every project', null, {}, 'priority_created'],
  ])('%s', (_, projectSlug, filter, index) => {
    const plan = planOf(projectSlug, filter);
    expect(plan).toContain(index);
    expect(plan).not.toMatch(SCAN_WITHOUT_INDEX);
  });

  it('would notice a full scan', () => {
    expect(planOf(null, { title: 'x' }, [['title', 1]])).toMatch(SCAN_WITHOUT_INDEX);
  });
});
