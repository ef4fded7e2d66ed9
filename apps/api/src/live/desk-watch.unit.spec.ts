import { ev, operator, resetLog } from '../../../../projections/testing';
import { DeskWatch, type DeskWatchReads, type JobLinks } from './desk-watch';

beforeEach(resetLog);

const ana = operator('ana');
const ben = operator('ben');
const settled = async () => true;
const reads = (atStart: string[], links: Record<string, JobLinks> = {}): DeskWatchReads => ({
  watchedAtStart: async () => atStart,
  links: async (jobId) => links[jobId] ?? null,
});
/** Lets the watch's lookups (promises beside the feed) finish. */
const lookupsDone = () => new Promise((resolve) => setImmediate(resolve));

describe('DeskWatch: the jobs a desk stream watches', () => {
  it('starts from the read model: her open jobs count, his do not', async () => {
    const watch = new DeskWatch('ana', reads(['acme-000000a1']), settled);
    await watch.start(10n);
    expect(watch.concerns(ev.started('acme-000000a1', 'se'))).toBe(true);
    expect(watch.concerns(ev.started('acme-000000b1', 'se'))).toBe(false);
  });

  it('every event concerns the desk until the start is known; what was heard meanwhile is judged then', async () => {
    let release: (ok: boolean) => void = () => undefined;
    const watch = new DeskWatch('ana', reads([]), () => new Promise<boolean>((resolve) => { release = resolve; }));
    const starting = watch.start(10n);
    expect(watch.concerns(ev.started('acme-000000b1', 'se'))).toBe(true);
    expect(watch.concerns(ev.jobCreated('acme-000000a2', { assignee: ana }))).toBe(true);
    release(true);
    await starting;
    expect(watch.concerns(ev.started('acme-000000b1', 'se'))).toBe(false);
    expect(watch.concerns(ev.started('acme-000000a2', 'se'))).toBe(true);
  });

  it('a start that cannot reach the head in time leaves it blind: every event concerns the desk', async () => {
    const watch = new DeskWatch('ana', reads([]), async () => false);
    await watch.start(10n);
    expect(watch.concerns(ev.started('acme-000000b1', 'se'))).toBe(true);
  });

  it('a job reassigned to her brings its blockers along: the blocker finishing is heard', async () => {
    const [job, blocker] = ['acme-000000b1', 'acme-000000c1'];
    const watch = new DeskWatch('ana', reads([], { [job]: { operator: 'ana', blockers: [blocker], blocks: [] } }), settled);
    await watch.start(10n);
    expect(watch.concerns(ev.reassigned(job, ben, ana))).toBe(true);
    // Until the lookup answers, what it would add is unknown: everything concerns the desk.
    expect(watch.concerns(ev.started('acme-000000d1', 'se'))).toBe(true);
    await lookupsDone();
    expect(watch.concerns(ev.started('acme-000000d1', 'se'))).toBe(false);
    expect(watch.concerns(ev.closed(blocker))).toBe(true);
  });

  it('a resubmitted job that blocks one of hers is watched from then on; one that blocks nothing of hers is not', async () => {
    const [mine, reopened, other] = ['acme-000000a1', 'acme-000000c1', 'acme-000000c2'];
    const watch = new DeskWatch('ana', reads([mine], {
      [reopened]: { operator: 'ben', blockers: [], blocks: [mine] },
      [other]: { operator: 'ben', blockers: [], blocks: ['acme-000000b9'] },
    }), settled);
    await watch.start(10n);
    expect(watch.concerns(ev.resubmitted(reopened))).toBe(true);
    expect(watch.concerns(ev.resubmitted(other))).toBe(true);
    await lookupsDone();
    expect(watch.concerns(ev.closed(reopened))).toBe(true);
    expect(watch.concerns(ev.closed(other))).toBe(false);
  });
});
