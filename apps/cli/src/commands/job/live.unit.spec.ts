import { ApiClient } from '../../api-client';
import { errorBodyOf } from '../../failure';
import { liveEvents } from './live';

const refused = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });

/** An SSE answer with one event, then the end of the stream. */
const oneEvent = () => new Response('id: 1\nevent: job\ndata: {}\n\n', { headers: { 'content-type': 'text/event-stream' } });

describe('liveEvents, when the server is not there', () => {
  afterEach(() => jest.restoreAllMocks());

  it('throws the first failure at once, before any stream was opened: nothing was lost, the --url is wrong', async () => {
    const fetch = jest.spyOn(globalThis, 'fetch').mockRejectedValue(refused());
    const thrown = await liveEvents(new ApiClient('http://127.0.0.1:1', 't'), () => '/jobs/x/stream').next().catch((e: unknown) => e);
    expect(errorBodyOf(thrown).error.code).toBe('SERVER_UNREACHABLE');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('reconnects after a stream it had, and gives up with the reason the server stayed away', async () => {
    const fetch = jest.spyOn(globalThis, 'fetch').mockResolvedValueOnce(oneEvent()).mockRejectedValue(refused());
    let seen = 0;
    const thrown = await (async () => {
      for await (const _ of liveEvents(new ApiClient('http://127.0.0.1:1', 't'), () => '/jobs/x/stream')) seen++;
    })().catch((e: unknown) => e);
    expect(seen).toBe(1);
    expect(errorBodyOf(thrown).error.code).toBe('SERVER_UNREACHABLE');
    expect(fetch).toHaveBeenCalledTimes(6); // the stream, then five reconnections a second apart
  }, 20_000);
});
