import { ev, resetLog } from '../testing';
import { alreadyApplied } from './position';

describe('the per-event idempotency guard', () => {
  beforeEach(resetLog);

  it('compares positions as numbers, not as strings ("10" is after "9")', () => {
    const event = ev.jobCreated('acme-00000001');
    const at10 = { ...event, position: 10n };
    expect(alreadyApplied({ lastPosition: '9' }, at10)).toBe(false);
    expect(alreadyApplied({ lastPosition: '10' }, at10)).toBe(true);
    expect(alreadyApplied({ lastPosition: '11' }, at10)).toBe(true);
    expect(alreadyApplied(null, at10)).toBe(false);
  });
});
