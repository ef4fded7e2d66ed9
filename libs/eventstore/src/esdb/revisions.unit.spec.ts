import { ANY, NO_STREAM, STREAM_EXISTS } from '@eventstore/db-client';
import { fromClientCurrentRevision, fromClientExpectedRevision, toClientExpectedRevision } from './revisions';

describe('expected revisions between the port and the client', () => {
  it.each([
    ['any', ANY],
    ['no_stream', NO_STREAM],
    ['stream_exists', STREAM_EXISTS],
    [0, 0n],
    [41, 41n],
  ] as const)('maps %p to %p and back', (port, client) => {
    expect(toClientExpectedRevision(port)).toBe(client);
    expect(fromClientExpectedRevision(client)).toBe(port);
  });

  it('reads -1 ("the stream does not exist yet") as no-stream', () => {
    expect(toClientExpectedRevision(-1)).toBe(NO_STREAM);
  });

  it.each([-2, 1.5, Number.NaN, 2 ** 53])('refuses %p', (revision) => {
    expect(() => toClientExpectedRevision(revision)).toThrow(RangeError);
  });

  it("maps the server's current revision: no stream is -1, otherwise the number", () => {
    expect(fromClientCurrentRevision(NO_STREAM)).toBe(-1);
    expect(fromClientCurrentRevision(7n)).toBe(7);
  });
});

