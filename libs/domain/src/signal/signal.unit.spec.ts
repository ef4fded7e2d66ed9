import type { RecordSealed } from '../record/events';
import { signalIdFor } from '../record/seal';
import type { Assignee } from '../shared/assignee';
import { spec } from '../testing/decider-specification';
import { signalDecider } from './decider';
import type { SignalEvent } from './events';

const signal = spec(signalDecider);
const alice: Assignee = { kind: 'operator', slug: 'alice' };
const record = (executor: Assignee | null, recordId = 'rec-1'): RecordSealed['data'] => ({
  recordId, jobId: 'detailing-0a1b2c3d', serviceEventId: 'se-1', projectSlug: 'detailing', executor, surface: 'auto-detailing',
  tier: 'premium', customer: null, evidence: [], payment: null, outcome: null, result: null, startedAt: null,
  completedAt: '2026-03-02T09:00:00.000Z', forced: false, jobStreamRevision: 4, contentHash: 'abc', previousRecordHash: null,
});
const emitted: SignalEvent = {
  type: 'SignalEmitted',
  data: { signalId: signalIdFor('rec-1'), recordId: 'rec-1', jobId: 'detailing-0a1b2c3d', earner: alice, kind: 'star' },
};

describe('signal', () => {
  it('emits one star for a new record, credited to its executor', () => {
    signal.given([]).when({ type: 'EmitSignal', record: record(alice) }).then([emitted]);
  });

  it('derives the signal id from the record id', () => {
    expect(signalIdFor('rec-1')).toBe(signalIdFor('rec-1'));
    expect(signalIdFor('rec-1')).not.toBe(signalIdFor('rec-2'));
  });

  it('emits nothing for a record without an executor', () => {
    signal.given([]).when({ type: 'EmitSignal', record: record(null) }).thenNothing();
  });

  it('emits nothing when the record already has its signal', () => {
    signal.given([emitted]).when({ type: 'EmitSignal', record: record(alice) }).thenNothing();
  });
});
