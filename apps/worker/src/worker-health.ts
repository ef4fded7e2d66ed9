import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listenUrl } from '../../../libs/application/src/config/listen-url';
import { withErrorWithheld } from '../../../libs/application/src/processing/processor-status';
import type { Worker } from './worker';

export type WorkerHealth = { readonly url: string; close(): Promise<void> };

const isStuck = (p: { running: boolean; caughtUp: boolean; lastError: string | null }) => !p.running || (p.lastError !== null && !p.caughtUp);

/** The processors refused for a checkpoint beyond the log's head (they run on no worker); null when the read store does not answer. */
const refusedProcessors = async (worker: Worker): Promise<string[] | null> => {
  try {
    return (await worker.settler.progress()).filter((p) => p.refused).map((p) => p.name);
  } catch {
    return null;
  }
};

/**
 * `--role worker` has no API; when given a port it answers `GET /health` (for a container's
 * health check): the leases it holds and the processors it runs. 200 while each of them runs
 * (a worker holding nothing is healthy: a standby), 503 when one is stuck, a processor is
 * refused (whichever worker tried it: the read models must be deleted, docs/operations.md),
 * the read store does not answer, or it is stopping.
 */
export const serveWorkerHealth = async (worker: Worker, port: number, host: string): Promise<WorkerHealth> => {
  let stopping = false;
  const server: Server = createServer(async (request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/health') {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'a worker answers GET /health only', details: {} } }));
      return;
    }
    const refused = await refusedProcessors(worker);
    // No tokens here: an error's text stays in the worker's log.
    const processors = worker.settler.status().map(withErrorWithheld);
    const stuck = [...new Set([...processors.filter(isStuck).map((p) => p.name), ...(refused ?? [])])];
    const status = stopping ? 'stopping' : refused === null ? 'unavailable' : stuck.length ? 'degraded' : 'ok';
    const body = { status, role: 'worker', holder: worker.leases.holder, leases: worker.leases.held(), ...(stuck.length && { stuckProcessors: stuck }), processors };
    response.writeHead(status === 'ok' ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: listenUrl(host, bound),
    close: () => {
      stopping = true;
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
