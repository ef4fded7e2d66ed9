import { signToken } from '../libs/application/src/auth/tokens';
import { productEnv, type SyncMode } from './env';
import { driveLoad, heartbeatRequest, HTTP_LOAD } from './http-drive';
import { httpModeFromEnv, startHttpTarget, type HttpMode } from './http-target';
import type { LoadRequest } from './http-load';
import { projectionLag, type ProjectionLag } from './processor-lag';
import { operator, operatorSlugs, seedJobs, setUpWorld } from './world';

// HTTP_LOAD: 64 connections, each an operator heartbeating its own 8 claimed jobs in turn
// (distinct tokens, jobs and fencing tokens; no two connections on one stream). 2 s warm-up, 10 s measured.
const CLAIM_CONCURRENCY = 16;

export type HttpResult = {
  readonly commandsPerSec: number;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  readonly maxMs: number | null;
  readonly connections: number;
  readonly durationMs: number;
  readonly requests: number;
  readonly statuses: Record<string, number>;
  /** Answers given before the read models caught up (the gateway's settle timeout passed). */
  readonly unsettled: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly warmupCommandsPerSec: number;
  /** Share of the measured window the server's event loop was busy (1 = saturated). */
  readonly serverEventLoopUtilization: number;
  /** Server process CPU over the window, in cores (user + system). */
  readonly serverCpuCores: number;
  /** The projectors' lag during the load (their samples include the set-up's claims). */
  readonly projectionLag: ProjectionLag;
  /** How the server ran its processors (see http-target.ts). */
  readonly processes: HttpMode;
};

/** Bounded-concurrency map: set-up requests without a burst the server would queue anyway. */
const inBatches = async <T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> => {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  }));
  return results;
};

export const measureHttp = async (dir: string, sync: SyncMode): Promise<HttpResult> => {
  const server = await startHttpTarget(productEnv(dir, sync), httpModeFromEnv());
  try {
    const store = server.backends.eventStore;
    const slugs = operatorSlugs(HTTP_LOAD.connections);
    await setUpWorld(store, slugs);
    const jobs = await seedJobs(store, slugs, HTTP_LOAD.requestsPerConnection);
    await server.settle(await store.headPosition(), 60_000);

    // Claim & start every job over HTTP: set-up that also warms the HTTP path.
    const tokens = slugs.map((slug) => signToken(server.config.jwtSecret, operator(slug)));
    const claims = slugs.flatMap((_, i) => jobs[i].map((jobId) => ({ i, jobId })));
    const heartbeats = await inBatches(claims, CLAIM_CONCURRENCY, async ({ i, jobId }): Promise<LoadRequest> => {
      const answer = await fetch(`${server.url}/jobs/${jobId}/claim`, {
        method: 'POST', headers: { authorization: `Bearer ${tokens[i]}`, 'content-type': 'application/json' }, body: JSON.stringify({ start: true }),
      });
      const body = (await answer.json()) as { serviceEventId?: string };
      if (answer.status !== 201 || !body.serviceEventId) throw new Error(`claim ${jobId}: ${answer.status} ${JSON.stringify(body)}`);
      return heartbeatRequest(jobId, tokens[i], body.serviceEventId);
    });
    const perConnection = slugs.map((_, i) => heartbeats.filter((_h, k) => claims[k].i === i));

    const { warmup, measured, serverEventLoopUtilization, serverCpuCores } = await driveLoad(server.url, perConnection);

    await server.settle(await store.headPosition(), 30_000);
    return {
      commandsPerSec: measured.okPerSec,
      p50Ms: measured.p50Ms,
      p99Ms: measured.p99Ms,
      maxMs: measured.maxMs,
      connections: HTTP_LOAD.connections,
      durationMs: measured.durationMs,
      requests: measured.requests,
      statuses: measured.statuses,
      unsettled: measured.unsettled,
      errors: measured.errors,
      timeouts: measured.timeouts,
      warmupCommandsPerSec: warmup.okPerSec,
      serverEventLoopUtilization,
      serverCpuCores,
      projectionLag: projectionLag(await server.processorStatus()),
      processes: server.mode,
    };
  } finally {
    await server.stop();
  }
};
