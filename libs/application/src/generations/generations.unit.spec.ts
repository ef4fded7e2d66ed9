import { jobsProjection, desksProjection } from '../../../../projections';
import { initialGeneration, isPending, type GenerationDoc, type RebuildRequestDoc } from './documents';
import { GenerationResolver } from './generation-resolver';
import { buildCheckpointName, collectionOwners, nextGeneration, physicalName } from './naming';
import { buildProgress } from './progress';

describe('generation naming', () => {
  it('keeps the logical name for generation 1 (data from before generations) and suffixes later ones', () => {
    expect(physicalName('jobs', 1)).toBe('jobs');
    expect(physicalName('desk_jobs', 2)).toBe('desk_jobs__g2');
    expect(physicalName('jobs', 12)).toBe('jobs__g12');
    expect(buildCheckpointName('trust-signals', 3)).toBe('trust-signals__g3');
  });

  it('never reuses a generation number: the next is above every one in use', () => {
    expect(nextGeneration([1])).toBe(2);
    expect(nextGeneration([2, 1])).toBe(3);
    expect(nextGeneration([3, 5, 4])).toBe(6);
    expect(nextGeneration([])).toBe(2);
  });

  it('maps each logical collection to the projection that owns it', () => {
    const owners = collectionOwners([jobsProjection, desksProjection]);
    expect(owners.get('jobs')).toBe('jobs');
    expect(owners.get('desk_jobs')).toBe('desks');
    expect(owners.get('desks')).toBe('desks');
    expect(owners.has('tasks')).toBe(false);
  });
});

describe('rebuild requests', () => {
  const request = (requestId: string): RebuildRequestDoc => ({ _id: 'jobs', revision: 1, requestId, requestedAt: 't', requestedBy: 'admin:cli' });
  const generation = (overrides: Partial<GenerationDoc>): GenerationDoc => ({ ...initialGeneration('jobs'), ...overrides });

  it('is pending until a build takes it up, and after that until it has switched', () => {
    expect(isPending(null, generation({}))).toBe(false);
    expect(isPending(request('r1'), generation({}))).toBe(true);
    const building = generation({ build: { generation: 2, requestId: 'r1', startedAt: 't', targetPosition: '9', position: '3', progress: 0.4 } });
    expect(isPending(request('r1'), building)).toBe(false);
    const done = generation({ active: 2, lastRebuild: { requestId: 'r1', generation: 2, startedAt: 't', switchedAt: 't' } });
    expect(isPending(request('r1'), done)).toBe(false);
    expect(isPending(request('r2'), done)).toBe(true);
  });
});

describe('build progress', () => {
  it('is the share of the log, up to the head the build set out to reach, already applied', () => {
    expect(buildProgress(-1n, 99n)).toBe(0);
    expect(buildProgress(49n, 99n)).toBe(0.5);
    expect(buildProgress(99n, 99n)).toBe(1);
    expect(buildProgress(150n, 99n)).toBe(1); // the log grew while building
    expect(buildProgress(-1n, -1n)).toBe(1); // an empty log is built at once
  });
});

describe('the generation resolver', () => {
  const setUp = () => {
    let stored: Array<{ _id: string; active: number }> = [];
    let loads = 0;
    let now = 0;
    const resolver = new GenerationResolver(async () => {
      loads++;
      return stored;
    }, { cacheMs: 1000, now: () => now, projections: [jobsProjection, desksProjection] });
    return { resolver, store: (docs: typeof stored) => (stored = docs), loads: () => loads, advance: (ms: number) => (now += ms) };
  };

  it('resolves logical names to the active generation and leaves other names alone', async () => {
    const t = setUp();
    t.store([{ _id: 'desks', active: 3 }]);
    expect(await t.resolver.physical('jobs')).toBe('jobs');
    expect(await t.resolver.physical('desk_jobs')).toBe('desk_jobs__g3');
    expect(await t.resolver.physical('leases')).toBe('leases');
  });

  it('reads the generations again only once its cache has expired (another process switched)', async () => {
    const t = setUp();
    await t.resolver.physical('jobs');
    t.store([{ _id: 'jobs', active: 2 }]);
    t.advance(999);
    expect(await t.resolver.physical('jobs')).toBe('jobs');
    expect(t.loads()).toBe(1);
    t.advance(1);
    expect(await t.resolver.physical('jobs')).toBe('jobs__g2');
    expect(t.loads()).toBe(2);
  });

  it('follows a switch made in its own process at once, and a stale read cannot undo it', async () => {
    const t = setUp();
    await t.resolver.physical('jobs');
    t.resolver.switched('jobs', 2);
    expect(await t.resolver.physical('jobs')).toBe('jobs__g2');
    t.advance(5000); // the store still says 1 (say, a read that raced the switch)
    expect(await t.resolver.physical('jobs')).toBe('jobs__g2');
  });
});
