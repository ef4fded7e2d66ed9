import { isoInstant } from './instant';

describe('isoInstant', () => {
  it('reads a date or a date-time as Date.parse does', () => {
    for (const text of ['2026-02-28', '2028-02-29T10:00:00Z', '2026-12-07T09:30:15.123+01:00', '2026-01-01T00:00', '0050-01-01', '0099-12-31T00:00:00Z', '0000-01-01']) {
      expect([text, isoInstant(text)]).toEqual([text, Date.parse(text)]);
    }
  });

  it.each(['2026-02-30T00:00:00Z', '2026-02-29', '2026-13-01', '2026-04-31T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T10:60:00Z', '2026-01-01T10:00:60Z', '2026-1-1', '1h', 'Dec 7 2026', ''])(
    'refuses %j rather than reading it as another moment',
    (text) => {
      expect(isoInstant(text)).toBeNaN();
    },
  );
});
