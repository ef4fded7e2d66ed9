import type { JobEvent } from '../../libs/domain/src/job/events';
import { sealingAt } from '../../libs/domain/src/record/seal';
import { docOf, ev, MemoryReadStore, operator, project, recorded, resetLog } from '../testing';
import { median, metricsProjection, METRICS, type MetricsDoc } from '.';

beforeEach(resetLog);

const sealed = (recordId: string, jobId: string, serviceEventId: string | null, categories: string[], forced = false, projectSlug = 'acme') => {
  const base = ev.recordSealed(recordId, jobId, operator('dana'), serviceEventId);
  return recorded(base.streamId, 'RecordSealed', {
    ...base.data, projectSlug, forced, evidence: categories.map((category) => ({ evidenceId: `${recordId}-${category}`, category, sha256: 'x' })),
  });
};

const story = () => {
  const created = [
    ev.jobCreated('acme-0000000a', { requiredEvidence: ['before', 'after'] }),
    ev.jobCreated('acme-0000000b', { requiredEvidence: ['before'] }),
    ev.jobCreated('beta-0000000c', { projectSlug: 'beta' }),
  ];
  const claimA = ev.claimed('acme-0000000a', 'se-a', 1, operator('dana'));
  const claimB = ev.claimed('acme-0000000b', 'se-b', 1, operator('dana'));
  const recA = sealed('rec-a', 'acme-0000000a', 'se-a', ['before', 'after']);
  const recB = sealed('rec-b', 'acme-0000000b', null, [], true);
  const recC = sealed('rec-c', 'beta-0000000c', null, [], false, 'beta');
  return { events: [...created, claimA, claimB, recA, recB, recC, ev.signalEmitted('rec-a', 'acme-0000000a', operator('dana'))], claimA, recA };
};

describe('metrics', () => {
  it('counts records per day, forced ones, evidence compliance, claim→complete time and signals, per project and globally', async () => {
    const { events, claimA, recA } = story();
    const out = await project(metricsProjection, events);
    const acme = docOf<MetricsDoc>(out, METRICS, 'project:acme') as MetricsDoc;
    const day = recA.data.completedAt.slice(0, 10);
    expect(acme).toMatchObject({
      projectSlug: 'acme', records: 2, forcedRecords: 1, compliantRecords: 1, signals: 1, completedPerDay: { [day]: 2 },
      claimToCompleteSeconds: [(Date.parse(recA.data.completedAt) - Date.parse(claimA.metadata.occurredAt)) / 1000],
    });
    expect(docOf<MetricsDoc>(out, METRICS, 'project:beta')).toMatchObject({ records: 1, compliantRecords: 1, signals: 0 });
    expect(docOf<MetricsDoc>(out, METRICS, 'global')).toMatchObject({ projectSlug: null, records: 3, forcedRecords: 1, compliantRecords: 2, signals: 1 });
  });

  it('a forced completion is not a claim→complete duration, even when its record carries the ServiceEvent', async () => {
    // Sealing rules 1 and 2 put the latest unsealed ServiceEvent in a forced record, completed at
    // the time of the force: an attempt that failed days earlier would count as days of work.
    // Records sealed so stay in the log (rule 3 carries no failed attempt, and an attempt under
    // way is not a finished piece of work either).
    const j = 'acme-0000000e';
    const forcedAt = '2026-01-09T00:00:00.000Z';
    const jobEvents = [ev.jobCreated(j), ev.claimed(j, 'se-1', 1, operator('dana')), ev.failed(j, 'se-1'), ev.forceCompleted(j)];
    const withTime = jobEvents.map((e, i) => (i === 3 ? { ...e, metadata: { ...e.metadata, occurredAt: forcedAt } } : e));
    const sealing = sealingAt(withTime.map((e) => ({ id: e.id, revision: e.revision, occurredAt: e.metadata.occurredAt, event: { type: e.type, data: e.data } as JobEvent })), 2);
    expect(sealing?.body).toMatchObject({ forced: true, serviceEventId: 'se-1', completedAt: forcedAt });
    const base = ev.recordSealed(sealing!.recordId, j, operator('dana'), 'se-1');
    const record = recorded(base.streamId, 'RecordSealed', { ...base.data, ...sealing!.body, previousRecordHash: null });

    const global = docOf<MetricsDoc>(await project(metricsProjection, [...withTime, record]), METRICS, 'global');

    expect(global).toMatchObject({ records: 1, forcedRecords: 1, claimToCompleteSeconds: [] });
  });

  it('work submitted for review ends at the submission: the reviewer\'s wait is not claim→complete time', async () => {
    const j = 'acme-0000000f';
    const created = ev.jobCreated(j);
    const at = <E extends { readonly metadata: object }>(e: E, occurredAt: string): E => ({ ...e, metadata: { ...e.metadata, occurredAt } });
    const claim = at(ev.claimed(j, 'se-1', 1, operator('dana')), '2026-01-09T23:59:00.000Z');
    const submit = at(ev.submitted(j, 'se-1'), '2026-01-09T23:59:30.000Z');
    const base = ev.recordSealed('rec-f', j, operator('dana'), 'se-1');
    // Sealed at the approval, the next day: that is the record's completedAt.
    const record = recorded(base.streamId, 'RecordSealed', { ...base.data, serviceEventId: 'se-1', completedAt: '2026-01-10T09:00:00.000Z', forced: false });

    const global = docOf<MetricsDoc>(await project(metricsProjection, [created, claim, submit, record]), METRICS, 'global');

    expect(global).toMatchObject({ records: 1, claimToCompleteSeconds: [30], completedPerDay: { '2026-01-09': 1 } });

    // Submitted, rejected, then force-completed: the forced record counts on the day of the force.
    const forced = recorded(base.streamId, 'RecordSealed', { ...base.data, recordId: 'rec-g', serviceEventId: 'se-1', completedAt: '2026-01-20T09:00:00.000Z', forced: true });
    const again = docOf<MetricsDoc>(await project(metricsProjection, [created, claim, submit, forced]), METRICS, 'global');
    expect(again).toMatchObject({ records: 1, forcedRecords: 1, claimToCompleteSeconds: [], completedPerDay: { '2026-01-20': 1 } });
  });

  it('is idempotent: the same events delivered again change nothing', async () => {
    const store = new MemoryReadStore();
    const once = await project(metricsProjection, story().events, store);
    resetLog();
    expect(await project(metricsProjection, story().events, store)).toEqual(once);
  });

  it('medians: odd, even and empty', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
