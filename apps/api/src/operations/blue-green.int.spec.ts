import { GENERATIONS, type GenerationDoc } from '../../../../libs/application/src/generations/documents';
import { GenerationView } from '../../../../libs/application/src/generations/generation-view';
import { hostProjections, RebuildCoordinator } from '../../../../libs/application/src/generations/rebuild-coordinator';
import { buildCheckpointName } from '../../../../libs/application/src/generations/naming';
import { TimedEventStore } from '../../../../libs/eventstore/src/timed-event-store';
import type { EventStore, Position, SubscribeOptions, Subscription, SubscriptionHandler } from '../../../../libs/eventstore/src/port';
import { jobsProjection } from '../../../../projections';
import { startWorker } from '../../../worker/src/worker';
import { governedJob, setUpWorld, type World } from '../testing/fixtures';
import { allFromZero, dumpReadModels, until } from '../testing/read-models';
import { startTestServer, type TestServer } from '../testing/test-server';

jest.setTimeout(120_000);

/** The log as a worker that dies part-way sees it: delivery stops after `limit`, and it never catches up. */
class StallingEventStore extends TimedEventStore {
  constructor(inner: EventStore, private readonly limit: Position) {
    super(inner, () => undefined);
  }
  override subscribe(options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
    return super.subscribe(options, { onEvents: (events) => handler.onEvents(events.filter((e) => e.position <= this.limit)), onDropped: handler.onDropped });
  }
}

const rebuildAndWait = async (s: TestServer, w: World, name: string) => {
  const accepted = await s.call('POST', `/admin/projections/${name}/rebuild`, { token: w.admin });
  expect(accepted.status).toBe(202);
  await until(async () => {
    const rows = (await s.call('GET', '/admin/projections', { token: w.admin })).body.processors as Array<{ name: string; lastRebuild: { requestId: string } | null }>;
    return rows.find((r) => r.name === name)?.lastRebuild?.requestId === accepted.body.id;
  }, `${name} to switch`, 60_000);
};

describe('blue-green rebuilds', () => {
  let s: TestServer;
  let w: World;
  beforeEach(async () => {
    s = await startTestServer({ JOBLEDGER_GENERATION_CACHE_MS: '50', JOBLEDGER_GENERATION_DROP_MS: '1100', JOBLEDGER_REBUILD_POLL_MS: '10' });
    w = await setUpWorld(s, ['ana']);
    for (let i = 0; i < 12; i++) await governedJob(s, w, 'ana');
  });
  afterEach(() => s.stop());

  it('never lets a reader see an empty or partial read model while projections are rebuilt under load', async () => {
    let writing = true;
    let reads = 0;
    const drops: string[] = [];
    const writer = (async () => {
      while (writing) await governedJob(s, w, 'ana');
    })();
    const reader = (async () => {
      // Commands only add tasks and jobs: a count below one already seen is a partial model.
      const seen = { tasks: 0, jobs: 0, desk: 0 };
      while (writing) {
        const [tasks, jobs, desk] = await Promise.all([
          s.call('GET', '/tasks?limit=500', { token: w.admin }),
          s.call('GET', '/operators/ana/jobs?limit=500', { token: w.operator('ana') }),
          s.call('GET', '/operators/ana/desk', { token: w.operator('ana') }),
        ]);
        const now = { tasks: tasks.body.items.length as number, jobs: jobs.body.items.length as number, desk: desk.body.readyToClaim.length as number };
        for (const key of ['tasks', 'jobs', 'desk'] as const) {
          if (now[key] < seen[key]) drops.push(`${key}: ${now[key]} after ${seen[key]}`);
          seen[key] = Math.max(seen[key], now[key]);
        }
        reads++;
      }
    })();
    try {
      for (const name of ['jobs', 'tasks', 'desks', 'jobs']) await rebuildAndWait(s, w, name);
    } finally {
      writing = false;
      await Promise.all([writer, reader]);
    }
    expect(drops).toEqual([]);
    expect(reads).toBeGreaterThan(5);
    expect(await s.worker.host.settle(await s.backends.eventStore.headPosition(), 10_000)).toBe(true);
    expect(await dumpReadModels(s.backends.readStore)).toEqual(await allFromZero(s.backends.eventStore, await s.backends.eventStore.headPosition()));
  });

  it('ends in the same documents when the worker dies part-way through a rebuild and another start resumes it', async () => {
    const { eventStore, readStore } = s.backends;
    const head = await eventStore.headPosition();
    const before = await dumpReadModels(readStore);
    await s.worker.stop(); // the server's own worker: this test runs the workers itself

    // A worker whose rebuild of `jobs` gets half-way, then dies.
    const half = head / 2n;
    const dying = hostProjections([jobsProjection], eventStore, readStore);
    await dying[0].runner.start();
    const coordinator = new RebuildCoordinator({ eventStore: new StallingEventStore(eventStore, half), readStore, projections: dying, pollMs: 10, dropGraceMs: 0 });
    const accepted = await s.call('POST', '/admin/projections/jobs/rebuild', { token: w.admin });
    coordinator.start();
    const delivered = await eventStore.readAll({ maxCount: 100_000, filter: { eventTypes: jobsProjection.eventTypes } });
    const lastBeforeHalf = delivered.filter((e) => e.position <= half).pop()?.position;
    await until(async () => (await readStore.getCheckpoint(buildCheckpointName('jobs', 2))) === lastBeforeHalf, 'the build to stall half-way');
    await coordinator.stop();
    await dying[0].runner.stop();
    const interrupted = await readStore.collection<GenerationDoc>(GENERATIONS).get('jobs');
    expect([interrupted?.active, interrupted?.build?.generation]).toEqual([1, 2]);
    expect(await new GenerationView(readStore, jobsProjection, 2, 'build').collection('jobs').count({})).toBeGreaterThan(0);
    expect(await dumpReadModels(readStore)).toEqual(before); // readers were on generation 1 all along

    // The next worker resumes it and switches.
    const next = await startWorker({ config: s.config, backends: s.backends });
    try {
      await until(async () => (await readStore.collection<GenerationDoc>(GENERATIONS).get('jobs'))?.lastRebuild?.requestId === accepted.body.id, 'the resumed build to switch');
      expect((await readStore.collection<GenerationDoc>(GENERATIONS).get('jobs'))?.active).toBe(2);
      expect(await next.host.settle(head, 10_000)).toBe(true);
      expect(await dumpReadModels(readStore)).toEqual(before);
      expect(await dumpReadModels(readStore)).toEqual(await allFromZero(s.backends.eventStore, await s.backends.eventStore.headPosition()));
    } finally {
      await next.stop();
    }
  });
});
