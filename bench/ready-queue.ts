import { join } from 'node:path';
import { readyQueue } from '../libs/application/src/queries/ready-queue';
import { SCHEMA_VERSION } from '../libs/domain/src/shared/event';
import type { JobCreatedData } from '../libs/domain/src/job/events';
import { SYSTEM_ACTOR } from '../libs/domain/src/shared/actor';
import { deriveId } from '../libs/domain/src/shared/ids';
import { streams } from '../libs/domain/src/shared/streams';
import type { RecordedEvent } from '../libs/eventstore/src/port';
import { SqliteReadStore } from '../libs/readstore/src/sqlite/sqlite-read-store';
import { jobsProjection } from '../projections';
import { percentile, round, roundOrNull, since } from './stats';

// The ready-queue query (GET /projects/:slug/jobs/ready, and every claim-next) against a jobs
// read model of 10 000 and of 100 000 jobs. An index serves it when the time barely grows
// with the collection (target: 100k / 10k ≤ 3).
const SIZES = [10_000, 100_000] as const;
const PROJECT = 'scale';
const OTHER_PROJECTS = ['scale-b', 'scale-c'];
const CHUNK = 5_000;
const WARMUP_QUERIES = 20;
const QUERIES = 300;
const PAGE = 50;
const BASE = Date.UTC(2026, 0, 1);

export type ReadyQueueScaling = {
  readonly readyQueueMsAt10k: number | null;
  readonly readyQueueMsAt100k: number | null;
  readonly readyQueueRatio100kTo10k: number | null;
  readonly bySize: Record<string, { readonly p50Ms: number | null; readonly p99Ms: number | null; readonly readyJobs: number; readonly seedMs: number }>;
  readonly page: number;
  readonly queries: number;
};

/**
 * A realistic mix: a third of the jobs in other projects; in the measured project most jobs
 * in the backlog or still ideas (not on the queue), a fifth ready, at every priority.
 */
const jobCreated = (i: number): RecordedEvent<JobCreatedData> => {
  const projectSlug = i % 3 === 2 ? OTHER_PROJECTS[i % 2] : PROJECT;
  const jobId = `${projectSlug}-${i.toString(16).padStart(8, '0')}`;
  const id = deriveId('bench-ready-queue', jobId);
  const occurredAt = new Date(BASE + i * 1000).toISOString();
  const phase = i % 5 === 0 ? 'ready' : i % 5 === 1 ? 'backlog' : 'idea';
  return {
    id, streamId: streams.job(jobId), revision: 0, position: BigInt(i), type: 'JobCreated', recordedAt: occurredAt,
    metadata: { eventId: id, occurredAt, actor: SYSTEM_ACTOR, correlationId: id, causationId: id, commandId: id, schemaVersion: SCHEMA_VERSION },
    data: {
      jobId, projectSlug, depth: 1, title: `Task ${i}`, description: `Task ${i}\nfix something`, priority: (i * 7) % 5, phase,
      requiredEvidence: [], allowedEvidence: [], reviewRequired: false, maxAttempts: 3,
    },
  };
};

const seed = async (store: SqliteReadStore, count: number): Promise<void> => {
  for (const c of jobsProjection.collections) await store.ensureCollection(c.name, c.indexes);
  for (let from = 0; from < count; from += CHUNK) {
    const events = Array.from({ length: Math.min(CHUNK, count - from) }, (_, k) => jobCreated(from + k));
    await store.applyBatch(jobsProjection.name, events[events.length - 1].position, async (writer) => {
      for (const e of events) await jobsProjection.apply(e, writer);
    });
  }
};

const measureAt = async (dir: string, count: number) => {
  const store = SqliteReadStore.open({ file: join(dir, `readmodels-${count}.sqlite`), synchronous: 'normal' });
  try {
    const seedStart = performance.now();
    await seed(store, count);
    const seedMs = since(seedStart);
    const now = new Date(BASE + count * 1000).toISOString();
    for (let i = 0; i < WARMUP_QUERIES; i++) await readyQueue(store, PROJECT, now, { limit: PAGE });
    const samples: number[] = [];
    let readyJobs = 0;
    for (let i = 0; i < QUERIES; i++) {
      const start = performance.now();
      const page = await readyQueue(store, PROJECT, now, { limit: PAGE });
      samples.push(since(start));
      readyJobs = page.items.length;
    }
    return { p50Ms: roundOrNull(percentile(samples, 50), 3), p99Ms: roundOrNull(percentile(samples, 99), 3), readyJobs, seedMs: Math.round(seedMs) };
  } finally {
    await store.close();
  }
};

export const measureReadyQueueScaling = async (dir: string): Promise<ReadyQueueScaling> => {
  const bySize: ReadyQueueScaling['bySize'] = {};
  for (const size of SIZES) bySize[String(size)] = await measureAt(dir, size);
  const at10k = bySize['10000'].p50Ms;
  const at100k = bySize['100000'].p50Ms;
  return {
    readyQueueMsAt10k: at10k,
    readyQueueMsAt100k: at100k,
    readyQueueRatio100kTo10k: at10k && at100k ? round(at100k / at10k, 2) : null,
    bySize,
    page: PAGE,
    queries: QUERIES,
  };
};
