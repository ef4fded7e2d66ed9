import type { Decider } from '../shared/decider';
import { conflict } from '../shared/errors';
import type { Event } from '../shared/event';
import { spec } from './decider-specification';

/** A counter that refuses to go past 2: enough to see the helper pass and fail. */
type Incremented = Event<'Incremented', { by: number }>;
const counter: Decider<number, { type: 'Increment'; by: number }, Incremented> = {
  initialState: () => 0,
  evolve: (n, e) => n + e.data.by,
  decide: (c, n) => {
    if (n + c.by > 2) throw conflict('TOO_HIGH', 'too high', { limit: 2, at: n });
    return c.by === 0 ? [] : [{ type: 'Incremented', data: { by: c.by } }];
  },
};
const inc = (by: number) => ({ type: 'Increment' as const, by });
const given1 = spec(counter).given([{ type: 'Incremented', data: { by: 1 } }]);

describe('decider specification', () => {
  it('folds the given events and compares the decided ones', () => {
    given1.when(inc(1)).then([{ type: 'Incremented', data: { by: 1 } }]);
    expect(() => given1.when(inc(1)).then([{ type: 'Incremented', data: { by: 2 } }])).toThrow();
    expect(() => given1.when(inc(2)).then([])).toThrow('too high');
  });

  it('passes decided events to a callback', () => {
    given1.when(inc(1)).then((events) => expect(events).toHaveLength(1));
  });

  it('thenThrows checks the code, and the kind and details when given', () => {
    given1.when(inc(2)).thenThrows('TOO_HIGH', { kind: 'conflict', details: { at: 1 } });
    expect(() => given1.when(inc(2)).thenThrows('OTHER')).toThrow();
    expect(() => given1.when(inc(2)).thenThrows('TOO_HIGH', { kind: 'rule' })).toThrow();
    expect(() => given1.when(inc(2)).thenThrows('TOO_HIGH', { details: { at: 0 } })).toThrow();
    expect(() => given1.when(inc(1)).thenThrows('TOO_HIGH')).toThrow('expected DomainError TOO_HIGH, but decide returned events: Incremented');
  });

  it('thenThrows does not accept an error that is not a DomainError', () => {
    const broken = { ...counter, decide: () => { throw new Error('TOO_HIGH'); } };
    expect(() => spec(broken).given([]).when(inc(1)).thenThrows('TOO_HIGH')).toThrow();
  });

  it('thenNothing passes only when no events are decided', () => {
    given1.when(inc(0)).thenNothing();
    expect(() => given1.when(inc(1)).thenNothing()).toThrow();
  });
});
