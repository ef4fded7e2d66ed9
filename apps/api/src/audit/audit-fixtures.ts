import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evidenceForm, governedJob, png, type World } from '../testing/fixtures';
import type { TestServer } from '../testing/test-server';

/** A governed service job claimed, photographed and completed by `operator`: sealed and signalled. */
export const completedJob = async (s: TestServer, w: World, operator: string, amount = 120) => {
  const token = w.operator(operator);
  const { jobId } = await governedJob(s, w, operator);
  const claim = await s.call('POST', `/jobs/${jobId}/claim`, { token, body: { start: true } });
  const serviceEventId = claim.body.serviceEventId as string;
  for (const category of ['arrival', 'before', 'after']) {
    const photo = evidenceForm({ serviceEventId, category }, { bytes: png(`${category}-${serviceEventId}`), type: 'image/png' });
    await s.call('POST', `/jobs/${jobId}/evidence`, { token, body: photo });
  }
  const done = await s.call('POST', `/jobs/${jobId}/complete`, { token, body: { serviceEventId, payment: { state: 'paid', amount }, outcome: { notes: 'spotless' } } });
  if (done.status !== 200) throw new Error(`complete failed: ${done.status} ${JSON.stringify(done.body)}`);
  return { jobId, serviceEventId, recordId: done.body.recordId as string };
};

/**
 * Edits the event log the way an intruder with the file would: with the server stopped, the
 * append-only triggers dropped, then rows rewritten or removed directly.
 */
export const tamperWithLog = (dataDir: string, sql: string, ...params: unknown[]): number => {
  const db = new Database(join(dataDir, 'events.sqlite'));
  try {
    db.exec('DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete;');
    return db.prepare(sql).run(...params).changes;
  } finally {
    db.close();
  }
};

/**
 * Swaps the stored bytes of one piece of evidence, wherever the embedded default keeps them:
 * in the log's file (small evidence, a running server reads it anew) or in the blob folder.
 */
export const swapEvidenceBytes = (dataDir: string, sha256: string, bytes: Buffer): 'log' | 'folder' => {
  const db = new Database(join(dataDir, 'events.sqlite'));
  try {
    if (db.prepare('UPDATE evidence_blobs SET bytes = ? WHERE sha256 = ?').run(bytes, sha256).changes === 1) return 'log';
  } finally {
    db.close();
  }
  writeFileSync(join(dataDir, 'blobs', sha256.slice(0, 2), sha256), bytes);
  return 'folder';
};
