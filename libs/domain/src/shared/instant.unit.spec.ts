import { isoInstant } from './instant';

describe('isoInstant', () => {
  it('reads a date or a date-time as Date.parse does', () => {
    for (const text of ['2026-02-28', '2028-02-29T10:00:00Z', '2026-12-07T09:30:15.123+01:00', '0050-01-01', '0099-12-31T00:00:00Z', '0000-01-01', '9999-12-31T23:59:59.999Z']) {
      expect([text, isoInstant(text)]).toEqual([text, Date.parse(text)]);
    }
  });

  it('reads a date-time without a zone as UTC, as a date alone is, whatever the server\'s time zone', () => {
    // Date.parse reads '2026-01-01T00:00' in the process's time zone: the suite runs in
    // Pacific/Chatham (jest.config.ts), so a reading in local time shows here.
    expect(isoInstant('2026-01-01T00:00')).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(isoInstant('2026-12-08T03:00:00.5')).toBe(Date.parse('2026-12-08T03:00:00.500Z'));
    expect(isoInstant('2026-12-08')).toBe(Date.parse('2026-12-08T00:00:00Z'));
  });

  it.each(['9999-12-31T23:59:59-01:00', '0000-01-01T00:00:00+00:01'])(
    'refuses %j, an instant outside the years 0000–9999 that stored times are compared within',
    (text) => {
      expect(isoInstant(text)).toBeNaN();
    },
  );

  it.each(['2026-02-30T00:00:00Z', '2026-02-29', '2026-13-01', '2026-04-31T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T10:60:00Z', '2026-01-01T10:00:60Z', '2026-1-1', '1h', 'Dec 7 2026', ''])(
    'refuses %j rather than reading it as another moment',
    (text) => {
      expect(isoInstant(text)).toBeNaN();
    },
  );
});
