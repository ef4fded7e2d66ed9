import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { actorOf } from '../libs/application/src/auth/principal';
import { commandContext, systemClock } from '../libs/application/src/commands/command-context';
import { toNewEvents } from '../libs/application/src/commands/command-executor';
import { ProcessorRunner } from '../libs/application/src/processing/processor-runner';
import type { JobCommand } from '../libs/domain/src/job/commands';
import { jobDecider } from '../libs/domain/src/job/decider';
import type { JobState } from '../libs/domain/src/job/state';
import { streams } from '../libs/domain/src/shared/streams';
import type { NewEvent } from '../libs/eventstore/src/port';
import { SqliteEventStore } from '../libs/eventstore/src/sqlite/sqlite-event-store';
import { SqliteReadStore } from '../libs/readstore/src/sqlite/sqlite-read-store';
import { JOBS, jobsProjection } from '../projections';
import type { SyncMode } from './env';
import { perSecond, since } from './stats';
import { jobFor, operator, operatorSlugs, REQUIRED_EVIDENCE, setUpWorld } from './world';

// 6 000 finished jobs × 9 events ≈ 54 000 events in the log to replay.
const JOBS_TO_SEED = 6_000;
const OPERATORS = 50;
const HEARTBEATS = 2;
const SEED_CHUNK = 200;
const REBUILD_TIMEOUT_MS = 120_000;

export type RebuildResult = {
  readonly rebuildEventsPerSec: number;
  readonly rebuildProjection: string;
  readonly rebuildEvents: number;
  readonly rebuildMs: number;
  readonly rebuildDocuments: number;
};

/**
 * A job's whole life as the job decider produces it (create → claim & start → heartbeats →
 * photos → complete), each command with its own context, so the events and their metadata
 * are exactly what the command path would have appended.
 */
const lifecycleEvents = (slug: string, n: number): { stream: string; events: NewEvent[] } => {
  const job = jobFor(slug, `rebuild:${slug}:${n}`);
  const stream = streams.job(job.jobId);
  const p = operator(slug);
  const events: NewEvent[] = [];
  let state: JobState = jobDecider.initialState();
  const run = (make: (now: string) => JobCommand) => {
    const ctx = commandContext(actorOf(p), systemClock);
    const decided = jobDecider.decide(make(ctx.now), state);
    state = decided.reduce(jobDecider.evolve, state);
    events.push(...toNewEvents(stream, decided, ctx));
  };
  const serviceEventId = commandContext(actorOf(p), systemClock).commandId;
  const later = (now: string) => new Date(Date.parse(now) + 8 * 3600_000).toISOString();
  run(() => ({ type: 'CreateJob', job }));
  run((now) => ({
    type: 'ClaimJob', serviceEventId, claimant: { kind: 'operator', slug }, claimantView: { access: 'active' },
    unresolvedBlockers: [], ancestors: [], now, leaseExpiresAt: later(now), start: true,
  }));
  for (let i = 0; i < HEARTBEATS; i++) run((now) => ({ type: 'ExtendLease', serviceEventId, now, leaseExpiresAt: later(now) }));
  for (const category of REQUIRED_EVIDENCE) {
    const sha256 = createHash('sha256').update(`${serviceEventId}:${category}`).digest('hex');
    run((now) => ({
      type: 'CaptureEvidence', serviceEventId, now, evidenceId: commandContext(actorOf(p), systemClock).commandId,
      category, contentType: 'image/png', sizeBytes: 48_213, sha256, blobRef: `fs:${sha256}`,
    }));
  }
  run((now) => ({ type: 'CompleteServiceEvent', serviceEventId, now, payment: { state: 'paid', amount: 120, currency: 'EUR' } }));
  return { stream, events };
};

/** Rebuilds the jobs read model from position zero into a fresh read store through the product's ProcessorRunner. */
export const measureProjectionRebuild = async (dir: string, sync: SyncMode): Promise<RebuildResult> => {
  const eventStore = SqliteEventStore.open({ file: join(dir, 'events.sqlite'), synchronous: sync });
  const readStore = SqliteReadStore.open({ file: join(dir, 'readmodels.sqlite'), synchronous: 'normal' }); // as openBackends does
  try {
    const slugs = operatorSlugs(OPERATORS);
    await setUpWorld(eventStore, slugs);
    // Seeding (not measured): one append per job with its whole stream, a chunk of jobs in
    // flight at once so the group commit shares fsyncs, to keep set-up short.
    for (let n = 0; n < JOBS_TO_SEED; n += SEED_CHUNK) {
      const chunk = Array.from({ length: Math.min(SEED_CHUNK, JOBS_TO_SEED - n) }, (_, k) => lifecycleEvents(slugs[(n + k) % OPERATORS], n + k));
      await Promise.all(chunk.map(({ stream, events }) => eventStore.append(stream, events, 'no_stream')));
    }
    const head = await eventStore.headPosition();

    const runner = new ProcessorRunner({ processor: jobsProjection, eventStore, readStore });
    const start = performance.now();
    await runner.start();
    const reached = await runner.waitFor(head, REBUILD_TIMEOUT_MS);
    const rebuildMs = since(start);
    await runner.stop();
    if (!reached) throw new Error(`jobs projection did not reach position ${head} within ${REBUILD_TIMEOUT_MS} ms`);
    const events = Number(head); // positions are dense from 1: the head is the number of events replayed
    return {
      rebuildEventsPerSec: perSecond(events, rebuildMs),
      rebuildProjection: jobsProjection.name,
      rebuildEvents: events,
      rebuildMs: Math.round(rebuildMs),
      rebuildDocuments: await readStore.collection(JOBS).count({}),
    };
  } finally {
    await eventStore.close();
    await readStore.close();
  }
};
