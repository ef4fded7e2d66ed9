import type { Appended } from './append-notifier';
import { mayMatch } from './filtered-read';

const appended = (types: string[], streamIds: string[], verbatim = true): Appended => ({
  after: 10n,
  last: 12n,
  types: new Set(types),
  streamIds: new Set(streamIds),
  verbatim,
});

describe('mayMatch: could a filtered read find any event of a commit?', () => {
  const commit = appended(['JobClaimed', 'LeaseExtended'], ['job-1', 'operator-7']);

  it('always, without a filter or with an empty one', () => {
    expect(mayMatch(undefined, commit)).toBe(true);
    expect(mayMatch({}, commit)).toBe(true);
  });

  it('by type: only when one of the commit types is wanted; an empty list wants none', () => {
    expect(mayMatch({ eventTypes: ['JobCreated', 'LeaseExtended'] }, commit)).toBe(true);
    expect(mayMatch({ eventTypes: ['JobCreated', 'SignalEmitted'] }, commit)).toBe(false);
    expect(mayMatch({ eventTypes: [] }, commit)).toBe(false);
  });

  it('by stream prefix: case-sensitive, exact, an empty prefix matching every stream', () => {
    expect(mayMatch({ streamPrefixes: ['operator-'] }, commit)).toBe(true);
    expect(mayMatch({ streamPrefixes: ['request-', 'Job-'] }, commit)).toBe(false);
    expect(mayMatch({ streamPrefixes: ['job-1-'] }, commit)).toBe(false);
    expect(mayMatch({ streamPrefixes: [''] }, commit)).toBe(true);
    expect(mayMatch({ streamPrefixes: [] }, commit)).toBe(false);
  });

  it('with both, only when each is met by some event (erring towards a read)', () => {
    expect(mayMatch({ eventTypes: ['JobClaimed'], streamPrefixes: ['operator-'] }, commit)).toBe(true);
    expect(mayMatch({ eventTypes: ['JobClaimed'], streamPrefixes: ['request-'] }, commit)).toBe(false);
    expect(mayMatch({ eventTypes: ['RequestSubmitted'], streamPrefixes: ['job-'] }, commit)).toBe(false);
  });

  it('always, when the commit holds a name SQLite may not store as given', () => {
    expect(mayMatch({ eventTypes: ['Other'] }, appended(['A'], ['job-\uD800'], false))).toBe(true);
  });
});
