import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient, ApiError } from './api-client';
import { RATE_LIMIT_RETRIES } from './rate-limited';

/** A server that refuses the first `refusals` requests with 429 (`Retry-After: 0`), then answers. */
const limitedServer = async (refusals: number, retryAfter = '0') => {
  let hits = 0;
  const server: Server = createServer((request, response) => {
    hits++;
    if (hits <= refusals) {
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': retryAfter });
      response.end(JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'too many requests', details: {} } }));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ ok: true, method: request.method }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, hits: () => hits, close: () => new Promise((resolve) => server.close(resolve)) };
};

describe('the CLI against a rate-limited server', () => {
  it('waits out each 429 for its Retry-After and sends the request again', async () => {
    const server = await limitedServer(3);
    try {
      await expect(new ApiClient(server.url, 't', 'key-1').post('/admin/projections/jobs/rebuild')).resolves.toEqual({ ok: true, method: 'POST' });
      expect(server.hits()).toBe(4);
    } finally {
      await server.close();
    }
  });

  it('answers with the 429 after its retries, or at once when the server asks for a wait too long', async () => {
    const endless = await limitedServer(Number.MAX_SAFE_INTEGER);
    const slow = await limitedServer(1, '3600');
    try {
      await expect(new ApiClient(endless.url, 't').get('/jobs')).rejects.toMatchObject({ status: 429 });
      expect(endless.hits()).toBe(RATE_LIMIT_RETRIES + 1);
      await expect(new ApiClient(slow.url, 't').get('/jobs')).rejects.toBeInstanceOf(ApiError);
      expect(slow.hits()).toBe(1);
    } finally {
      await endless.close();
      await slow.close();
    }
  });
});
