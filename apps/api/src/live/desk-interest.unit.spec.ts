import type { RecordedEvent } from '../../../../libs/eventstore/src/port';
import { ev, operator, resetLog } from '../../../../projections/testing';
import { deskConcern } from './desk-interest';

beforeEach(resetLog);

const ana = operator('ana');
const ben = operator('ben');
const concern = (event: RecordedEvent, watched: string[] = []) => deskConcern('ana', new Set(watched), event);

describe('deskConcern: which events can change the Desk of ana', () => {
  it('nothing of another operator: his jobs created, claimed, worked, completed, reassigned among others; his signals and stream', () => {
    const j = 'acme-000000b1';
    for (const event of [
      ev.jobCreated(j, { assignee: ben }), ev.jobUpdated(j, { title: 'renamed', priority: 0 }), ev.claimed(j, 'se', 1, ben), ev.started(j, 'se'),
      ev.completed(j, 'se'), ev.signalEmitted('rec-b', j, ben), ev.operatorRegistered('ben'), ev.reassigned(j, ben, operator('cy')),
      ev.jobUpdated(j, { assignee: null }), ev.dependencyAdded(j, 'acme-000000b2', 'blocked_by'), ev.approved(j), ev.cancelled(j),
    ]) expect(concern(event, ['acme-000000a1'])).toEqual({ changes: false, watch: [], recheck: null });
  });

  it('her own stream and her signals', () => {
    expect(concern(ev.accessChanged('ana', 'active', 'limited')).changes).toBe(true);
    expect(concern(ev.signalEmitted('rec-a', 'acme-000000a1', ana)).changes).toBe(true);
  });

  it('a job that comes onto her desk is watched from then on; one assigned to her by an edit or a reassignment is looked up (it may have blockers)', () => {
    const j = 'acme-000000a1';
    expect(concern(ev.jobCreated(j, { assignee: ana }))).toEqual({ changes: true, watch: [j], recheck: null });
    expect(concern(ev.claimed(j, 'se', 1, ana))).toEqual({ changes: true, watch: [j], recheck: null });
    expect(concern(ev.jobUpdated(j, { assignee: ana }))).toEqual({ changes: true, watch: [j], recheck: j });
    expect(concern(ev.reassigned(j, ben, ana))).toEqual({ changes: true, watch: [j], recheck: j });
  });

  it('every event of a watched job, including the one that takes it away from her', () => {
    const j = 'acme-000000a1';
    for (const event of [
      ev.started(j, 'se'), ev.completed(j, 'se'), ev.failed(j, 'se'), ev.released(j, 'se'), ev.jobUpdated(j, { priority: 0 }),
      ev.reassigned(j, ana, ben), ev.jobUpdated(j, { assignee: ben }), ev.cancelled(j), ev.waiting(j, 'se'),
    ]) expect(concern(event, [j]).changes).toBe(true);
  });

  it('a dependency that blocks one of her jobs, from either side: the blocker is watched, so that its finishing is heard', () => {
    const [mine, blocker] = ['acme-000000a1', 'acme-000000b1'];
    expect(concern(ev.dependencyAdded(mine, blocker, 'blocked_by'), [mine])).toEqual({ changes: true, watch: [blocker], recheck: null });
    expect(concern(ev.dependencyAdded(blocker, mine, 'blocks'), [mine])).toEqual({ changes: true, watch: [blocker], recheck: null });
    expect(concern(ev.dependencyRemoved(blocker, mine, 'blocks'), [mine]).changes).toBe(true);
    expect(concern(ev.closed(blocker), [mine, blocker]).changes).toBe(true);
  });

  it('a resubmit of any job, which can bring a done job back or reopen a blocker, and is looked up', () => {
    expect(concern(ev.resubmitted('acme-000000b1'))).toEqual({ changes: true, watch: [], recheck: 'acme-000000b1' });
  });
});
