import { trustSignalsProjection, TRUST_SIGNALS, type TrustSignalsDoc } from '.';
import { agent, docOf, ev, MemoryReadStore, operator, project, resetLog } from '../testing';

beforeEach(resetLog);

describe('trust signals', () => {
  const events = () => [
    ev.signalEmitted('rec-1', 'acme-00000001', operator('dana')),
    ev.signalEmitted('rec-2', 'acme-00000002', operator('dana')),
    ev.signalEmitted('rec-3', 'acme-00000003', agent('bot-7')),
  ];

  it('counts each earner’s signals and lists them with record, job and time', async () => {
    const list = events();
    const projected = await project(trustSignalsProjection, list);
    expect(docOf<TrustSignalsDoc>(projected, TRUST_SIGNALS, 'operator:dana')).toMatchObject({
      earner: operator('dana'), count: 2, state: 'present',
      signals: [
        { signalId: 'sig-rec-1', recordId: 'rec-1', jobId: 'acme-00000001', emittedAt: list[0].metadata.occurredAt },
        { signalId: 'sig-rec-2', recordId: 'rec-2', jobId: 'acme-00000002', emittedAt: list[1].metadata.occurredAt },
      ],
    });
    expect(docOf<TrustSignalsDoc>(projected, TRUST_SIGNALS, 'agent:bot-7')).toMatchObject({ count: 1, state: 'present' });
  });

  it('an earner with no signal has no document (the API answers count 0, state none)', async () => {
    expect(docOf(await project(trustSignalsProjection, events()), TRUST_SIGNALS, 'operator:eli')).toBeUndefined();
  });

  it('applying the events twice counts each signal once', async () => {
    const list = events();
    const store = new MemoryReadStore();
    const once = await project(trustSignalsProjection, list, store);
    expect(await project(trustSignalsProjection, list, store)).toEqual(once);
    expect(docOf<TrustSignalsDoc>(once, TRUST_SIGNALS, 'operator:dana')?.count).toBe(2);
  });
});
