import { performance as perf } from 'node:perf_hooks';
import { runInFreshProcess } from './fresh-process';
import type { LoadPlan, LoadReport, LoadRequest, LoadResult } from './http-load';
import { round } from './stats';

/**
 * What the product's HTTP scenario (http.ts) and its ceiling (http-ceiling.ts) share, so the two
 * figures can only differ by the server: one load shape, one request shape, one forked load
 * generator, one measurement of the server process around it.
 */
export const HTTP_LOAD = {
  /** Each connection is one operator with its own token and jobs. */
  connections: 64,
  /** Requests each connection cycles through (one per job it holds). */
  requestsPerConnection: 8,
  warmupSec: 2,
  durationSec: 10,
} as const;

/** `POST /jobs/:id/heartbeat {serviceEventId}` with an operator's bearer token. */
export const heartbeatRequest = (jobId: string, token: string, serviceEventId: string): LoadRequest => ({
  path: `/jobs/${jobId}/heartbeat`, token, body: JSON.stringify({ serviceEventId }),
});

export type DrivenLoad = {
  readonly warmup: LoadReport;
  readonly measured: LoadReport;
  /** Share of warm-up + window this process's event loop was busy (1 = saturated). */
  readonly serverEventLoopUtilization: number;
  /** This process's CPU over warm-up + window, in cores (user + system). */
  readonly serverCpuCores: number;
};

const runLoad = (plan: LoadPlan): Promise<LoadResult> =>
  runInFreshProcess<LoadResult>('http-load.js', [], (plan.warmupSec + plan.durationSec + 60) * 1000, plan);

/**
 * Drives the server listening at `url` (in this process) with the load generator in a process
 * of its own. The utilisation figures cover warm-up too, which runs the same requests, so they
 * describe the same steady state as the window.
 */
export const driveLoad = async (url: string, perConnection: LoadPlan['perConnection']): Promise<DrivenLoad> => {
  const { connections, warmupSec, durationSec } = HTTP_LOAD;
  const elu = perf.eventLoopUtilization();
  const cpu = process.cpuUsage();
  const wall = perf.now();
  const { warmup, measured } = await runLoad({ url, connections, warmupSec, durationSec, perConnection });
  const busy = perf.eventLoopUtilization(elu);
  const used = process.cpuUsage(cpu);
  const wallMs = perf.now() - wall;
  return {
    warmup,
    measured,
    serverEventLoopUtilization: round(busy.utilization, 3),
    serverCpuCores: round((used.user + used.system) / 1000 / wallMs, 2),
  };
};
