import type { RecordedEvent } from '../libs/eventstore/src/port';
import { MongoReadStore } from '../libs/readstore/src/mongodb/mongo-read-store';
import { inMemoryMongo } from '../libs/readstore/src/mongodb/testing/in-memory-mongo';
import { desksProjection, DESKS, type DeskDoc } from './desks';
import { JOB_CLAIMS, jobsProjection, JOBS, type JobDoc } from './jobs';
import type { Projection } from './projection';
import { requestsProjection, REQUESTS, type RequestDoc } from './requests';
import { ev, operator, recorded, resetLog, serviceJobStory } from './testing';
import { threadsProjection, THREAD_MESSAGES, THREADS } from './threads';

/**
 * Standalone MongoDB (no transactions): the store writes a batch collection by collection, then
 * the checkpoint. A transient error on one collection's bulkWrite fails the batch, part of it
 * written; the runner redelivers it. The result must be the one nothing failed would give
 * (SPEC §4 idempotent per event; SPEC §7 upserts guarded by the last applied position): so a
 * projection must decide each document by its own guard, never by another document's.
 * One event per batch here, as the runner delivers a batch that ends at a failing event.
 */
const run = async (projection: Projection, events: readonly RecordedEvent[], failOnce?: { collection: string; atType: string; keepFirstOps?: number }) => {
  const mongo = inMemoryMongo(false);
  const store = new MongoReadStore(mongo);
  for (const c of projection.collections) await store.ensureCollection(c.name, c.indexes);
  let armed = !!failOnce;
  for (const event of events.filter((e) => projection.eventTypes.includes(e.type))) {
    if (armed && failOnce && event.type === failOnce.atType) {
      armed = false;
      const target = mongo.collections.get(failOnce.collection)!;
      const real = target.bulkWrite.bind(target);
      jest.spyOn(target, 'bulkWrite').mockImplementationOnce(async (ops: Parameters<typeof real>[0], options?: { ordered?: boolean }) => {
        // a network error part-way through: the first `keepFirstOps` operations reached the server
        if (failOnce.keepFirstOps) await real(ops.slice(0, failOnce.keepFirstOps), options);
        throw Object.assign(new Error('connection reset'), { name: 'MongoNetworkError' });
      });
      await expect(store.applyBatch(projection.name, event.position, (w) => projection.apply(event, w))).rejects.toThrow('connection reset');
    }
    await store.applyBatch(projection.name, event.position, (w) => projection.apply(event, w)); // (re)delivery
  }
  return store;
};

beforeEach(resetLog);

describe('a batch that failed part-way on a standalone MongoDB, redelivered, gives the live result', () => {
  it('desks: the claim still shows as the activeJob after desk_jobs was written but desks was not', async () => {
    const story = serviceJobStory();
    const events = [...story.governance, story.created, story.work[0]]; // ... JobClaimed
    const clean = await (await run(desksProjection, events)).collection<DeskDoc>(DESKS).get('dana');
    expect(clean?.activeJobs[0]?.jobId).toBe('acme-0000000a');
    const retried = await (await run(desksProjection, events, { collection: DESKS, atType: 'JobClaimed' })).collection<DeskDoc>(DESKS).get('dana');
    expect(retried?.activeJobs).toEqual(clean?.activeJobs);
  });

  it('desks: a completion is listed on the desk after desk_jobs was written but desks was not', async () => {
    const story = serviceJobStory();
    const events = [...story.governance, story.created, ...story.work];
    const clean = await (await run(desksProjection, events)).collection<DeskDoc>(DESKS).get('dana');
    expect(clean?.recentCompletions.map((c) => c.jobId)).toEqual(['acme-0000000a']);
    const retried = await (await run(desksProjection, events, { collection: DESKS, atType: 'ServiceEventCompleted' })).collection<DeskDoc>(DESKS).get('dana');
    expect(retried).toEqual(clean);
  });

  it('requests: the request follows its job after request_links was written but requests was not', async () => {
    const story = serviceJobStory();
    const events = [...story.governance, story.created, story.work[0]];
    const clean = await (await run(requestsProjection, events)).collection<RequestDoc>(REQUESTS).get('req-1');
    expect(clean?.status).toBe('in_progress');
    const retried = await (await run(requestsProjection, events, { collection: REQUESTS, atType: 'JobClaimed' })).collection<RequestDoc>(REQUESTS).get('req-1');
    expect(retried?.status).toBe('in_progress');
  });

  it('jobs: a dependent is unblocked when its blocker completes, even if only the blocker reached the server first', async () => {
    const [A, B] = ['acme-000000a1', 'acme-000000b2'];
    const dana = operator('dana');
    const events = [ev.jobCreated(A), ev.jobCreated(B), ev.dependencyAdded(B, A, 'blocked_by'),
      ev.claimed(A, 'se-1', 1, dana), ev.started(A, 'se-1'), ev.completed(A, 'se-1')];
    const clean = await (await run(jobsProjection, events)).collection<JobDoc>(JOBS).get(B);
    expect(clean?.blocked).toBe(false);
    const retried = await (await run(jobsProjection, events, { collection: JOBS, atType: 'ServiceEventCompleted', keepFirstOps: 1 })).collection<JobDoc>(JOBS).get(B);
    expect(retried).toMatchObject({ blocked: false, claimable: true, effectivePhase: 'ready' });
  });

  it('jobs: a claim is kept under its command after the job was written but job_claims was not', async () => {
    const A = 'acme-000000a1';
    const events = [ev.jobCreated(A), ev.claimed(A, 'se-1', 1, operator('dana'))];
    const clean = await run(jobsProjection, events);
    const claim = await clean.collection(JOB_CLAIMS).get(events[1].metadata.commandId);
    expect(claim).toMatchObject({ jobId: A, projectSlug: 'acme' });
    const retried = await run(jobsProjection, events, { collection: JOB_CLAIMS, atType: 'JobClaimed' });
    await expect(retried.collection(JOB_CLAIMS).get(events[1].metadata.commandId)).resolves.toEqual(claim);
    await expect(retried.collection(JOBS).get(A)).resolves.toEqual(await clean.collection(JOBS).get(A));
  });

  it('threads: a posted message is not lost when the thread document was written but the message was not', async () => {
    const events = [
      recorded('thread-t1', 'ThreadOpened', { key: 'coord:job:acme-000000f1' }),
      recorded('thread-t1', 'MessagePosted', { kind: 'status', body: 'child done', author: { id: 'bot', role: 'agent' } }),
    ];
    const retried = await run(threadsProjection, events, { collection: THREAD_MESSAGES, atType: 'MessagePosted' });
    await expect(retried.collection(THREADS).get('t1')).resolves.toMatchObject({ messageCount: 1 });
    await expect(retried.collection(THREAD_MESSAGES).find({ threadId: 't1' })).resolves.toMatchObject({ items: [{ body: 'child done' }] });
  });
});
