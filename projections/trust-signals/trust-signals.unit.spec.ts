import { trustSignalsProjection, TRUST_SIGNAL_ENTRIES, TRUST_SIGNALS, type TrustSignalEntryDoc, type TrustSignalsDoc } from '.';
import { agent, docOf, ev, MemoryReadStore, operator, project, resetLog } from '../testing';

beforeEach(resetLog);

describe('trust signals', () => {
  const events = () => [
    ev.signalEmitted('rec-1', 'acme-00000001', operator('dana')),
    ev.signalEmitted('rec-2', 'acme-00000002', operator('dana')),
    ev.signalEmitted('rec-3', 'acme-00000003', agent('bot-7')),
  ];

  it('counts each earner’s signals, and lists each with record, job, time and its place in the log', async () => {
    const list = events();
    const projected = await project(trustSignalsProjection, list);
    expect(docOf<TrustSignalsDoc>(projected, TRUST_SIGNALS, 'operator:dana')).toEqual({
      _id: 'operator:dana', earner: operator('dana'), count: 2, state: 'present',
      createdAt: list[0].metadata.occurredAt, updatedAt: list[1].metadata.occurredAt, lastPosition: list[1].position.toString(),
    });
    expect(docOf<TrustSignalsDoc>(projected, TRUST_SIGNALS, 'agent:bot-7')).toMatchObject({ count: 1, state: 'present' });
    expect(docOf<TrustSignalEntryDoc>(projected, TRUST_SIGNAL_ENTRIES, 'sig-rec-2')).toEqual({
      _id: 'sig-rec-2', signalId: 'sig-rec-2', recordId: 'rec-2', jobId: 'acme-00000002', emittedAt: list[1].metadata.occurredAt,
      earnerKey: 'operator:dana', emittedPosition: Number(list[1].position), lastPosition: list[1].position.toString(),
    });
    expect(projected.get(TRUST_SIGNAL_ENTRIES)?.map((d) => [d._id, d.earnerKey])).toEqual([
      ['sig-rec-1', 'operator:dana'], ['sig-rec-2', 'operator:dana'], ['sig-rec-3', 'agent:bot-7'],
    ]);
  });

  it('keeps an earner’s document the same size however many signals it earns', async () => {
    const many = Array.from({ length: 300 }, (_, i) => ev.signalEmitted(`rec-${i}`, `acme-${String(i).padStart(8, '0')}`, operator('dana')));
    const projected = await project(trustSignalsProjection, many);
    const doc = docOf<TrustSignalsDoc>(projected, TRUST_SIGNALS, 'operator:dana');
    expect(doc?.count).toBe(300);
    expect(JSON.stringify(doc).length).toBeLessThan(400);
    expect(projected.get(TRUST_SIGNAL_ENTRIES)).toHaveLength(300);
  });

  it('an earner with no signal has no document (the API answers count 0, state none)', async () => {
    expect(docOf(await project(trustSignalsProjection, events()), TRUST_SIGNALS, 'operator:eli')).toBeUndefined();
  });

  it('applying the events twice counts and lists each signal once', async () => {
    const list = events();
    const store = new MemoryReadStore();
    const once = await project(trustSignalsProjection, list, store);
    expect(await project(trustSignalsProjection, list, store)).toEqual(once);
    expect(docOf<TrustSignalsDoc>(once, TRUST_SIGNALS, 'operator:dana')?.count).toBe(2);
  });
});
