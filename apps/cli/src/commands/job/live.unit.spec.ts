import { ApiClient } from '../../api-client';
import { errorBodyOf } from '../../failure';
import { liveEvents, patientFor, patientUntil, type Clock } from './live';

const refused = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });

const sse = (text: string) => new Response(text, { headers: { 'content-type': 'text/event-stream' } });
/** An SSE answer with one event, then the end of the stream. */
const oneEvent = (id = 1) => sse(`id: ${id}\nevent: job\ndata: {}\n\n`);
/** What a draining server answers. */
const shuttingDown = () => new Response(JSON.stringify({ error: { code: 'SHUTTING_DOWN', message: 'restarting', details: {} } }), { status: 503, headers: { 'content-type': 'application/json' } });

/** Time passes only in the generator's sleeps (and where a test moves it): each wait is recorded. */
const fakeClock = () => {
  const clock = { t: 0, sleeps: [] as number[], now: () => clock.t, sleep: async (ms: number) => { clock.sleeps.push(ms); clock.t += ms; } };
  return clock satisfies Clock;
};

const client = new ApiClient('http://127.0.0.1:1', 't');
const stream = () => '/jobs/x/stream';

/** Reads to the end; what it saw and what it ended with. */
const drain = async (events: AsyncGenerator<{ id?: string }>) => {
  const seen: (string | undefined)[] = [];
  const thrown = await (async () => {
    for await (const e of events) seen.push(e.id);
  })().catch((e: unknown) => e);
  return { seen, thrown };
};

describe('liveEvents, when the server goes away', () => {
  afterEach(() => jest.restoreAllMocks());

  it('throws the first failure at once, before any stream was opened: nothing was lost, the --url is wrong', async () => {
    const fetch = jest.spyOn(globalThis, 'fetch').mockRejectedValue(refused());
    const thrown = await liveEvents(client, stream, patientFor(60_000), fakeClock()).next().catch((e: unknown) => e);
    expect(errorBodyOf(thrown).error.code).toBe('SERVER_UNREACHABLE');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('reconnects after a stream it had, backing off from 0.5 s to 5 s, and gives up when its patience is spent, with the reason', async () => {
    const fetch = jest.spyOn(globalThis, 'fetch').mockResolvedValueOnce(oneEvent()).mockRejectedValue(refused());
    const clock = fakeClock();
    const { seen, thrown } = await drain(liveEvents(client, stream, patientFor(20_000), clock));
    expect(seen).toEqual(['1']);
    expect(errorBodyOf(thrown).error.code).toBe('SERVER_UNREACHABLE');
    // The last wait is cut to what was left: the last try is made when the patience runs out.
    expect(clock.sleeps).toEqual([500, 1000, 2000, 4000, 5000, 5000, 2500]);
    expect(fetch).toHaveBeenCalledTimes(1 + 7);
  });

  it('gets the stream back across a restart (refused, 503 SHUTTING_DOWN), resuming after the last event seen', async () => {
    const fetch = jest.spyOn(globalThis, 'fetch')
      .mockResolvedValueOnce(oneEvent(1))
      .mockResolvedValueOnce(shuttingDown())
      .mockRejectedValueOnce(refused())
      .mockRejectedValueOnce(refused())
      .mockResolvedValueOnce(oneEvent(2));
    const seen: (string | undefined)[] = [];
    for await (const e of liveEvents(client, stream, patientFor(60_000), fakeClock())) if (seen.push(e.id) === 2) break;
    expect(seen).toEqual(['1', '2']);
    expect(fetch).toHaveBeenCalledTimes(5);
    expect(new Headers(fetch.mock.calls[4][1]?.headers).get('last-event-id')).toBe('1');
  });

  it('a job wait reconnects until its own deadline, not beyond', async () => {
    jest.spyOn(globalThis, 'fetch').mockResolvedValueOnce(sse(': keep-alive\n\n')).mockRejectedValue(refused());
    const clock = fakeClock();
    const { thrown } = await drain(liveEvents(client, stream, patientUntil(3_000), clock));
    expect(errorBodyOf(thrown).error.code).toBe('SERVER_UNREACHABLE');
    expect(clock.sleeps).toEqual([500, 1000, 1500]);
  });

  it('does not count a stream that ends at once, again and again, as got back', async () => {
    jest.spyOn(globalThis, 'fetch').mockResolvedValueOnce(oneEvent()).mockImplementation(async () => sse(''));
    const clock = fakeClock();
    const { thrown } = await drain(liveEvents(client, stream, patientFor(10_000), clock));
    expect(thrown).toEqual(new Error('lost the stream /jobs/x/stream and could not get it back'));
    expect(clock.sleeps).toEqual([500, 1000, 2000, 4000, 2500]);
  });

  it('gives a quiet stream that stayed open a while its whole patience again when it is lost', async () => {
    const clock = fakeClock();
    /** Open for a minute without an event, then ended (a quiet job, then a restart). */
    const quietMinute = () => new Response(new ReadableStream({ pull: (c) => { clock.t += 60_000; c.close(); } }, { highWaterMark: 0 }), { headers: { 'content-type': 'text/event-stream' } });
    jest.spyOn(globalThis, 'fetch').mockResolvedValueOnce(oneEvent())
      .mockRejectedValueOnce(refused()).mockResolvedValueOnce(quietMinute())
      .mockRejectedValue(refused());
    const { thrown } = await drain(liveEvents(client, stream, patientFor(4_000), clock));
    expect(errorBodyOf(thrown).error.code).toBe('SERVER_UNREACHABLE');
    expect(clock.sleeps).toEqual([500, 1000, 500, 1000, 2000, 500]);
  });
});
