import autocannon from 'autocannon';
import { percentile, perSecond, round, roundOrNull } from './stats';

/**
 * The load generator, a separate process (forked by http.ts) so that generating load never
 * shares the server's event loop. It receives a plan over IPC, drives autocannon against
 * 127.0.0.1 for a warm-up and then for the measured window, and sends the figures back.
 */
export type LoadRequest = { readonly path: string; readonly token: string; readonly body: string };
export type LoadPlan = {
  readonly url: string;
  readonly connections: number;
  readonly warmupSec: number;
  readonly durationSec: number;
  /** One list per connection: each connection cycles through its own jobs only, so no two race on a stream. */
  readonly perConnection: ReadonlyArray<readonly LoadRequest[]>;
};
export type LoadReport = {
  readonly requests: number;
  readonly ok: number;
  readonly okPerSec: number;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  readonly maxMs: number | null;
  readonly statuses: Record<string, number>;
  /** Answers saying `"settled":false`: the read models had not caught up within the server's settle timeout. */
  readonly unsettled: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly durationMs: number;
};
export type LoadMessage = { readonly ok: true; readonly warmup: LoadReport; readonly measured: LoadReport } | { readonly ok: false; readonly error: string };

const run = (plan: LoadPlan, seconds: number): Promise<LoadReport> =>
  new Promise((resolve, reject) => {
    let nextConnection = 0;
    const latencies: number[] = []; // of 2xx answers, with autocannon's sub-millisecond timings
    const statuses: Record<string, number> = {};
    let unsettled = 0;
    const instance = autocannon(
      {
        url: plan.url,
        connections: plan.connections,
        duration: seconds,
        timeout: 10,
        setupClient: (client) => {
          const mine = plan.perConnection[nextConnection++ % plan.perConnection.length];
          client.setRequests(mine.map((r) => ({
            method: 'POST', path: r.path, body: r.body,
            headers: { authorization: `Bearer ${r.token}`, 'content-type': 'application/json' },
          })));
          client.on('body', (body: Buffer) => {
            if (body.includes('"settled":false')) unsettled++;
          });
        },
      },
      (error, result) => {
        if (error) return reject(error);
        const ok = latencies.length;
        resolve({
          requests: result.requests.total,
          ok,
          okPerSec: perSecond(ok, result.duration * 1000),
          p50Ms: roundOrNull(percentile(latencies, 50), 2),
          p99Ms: roundOrNull(percentile(latencies, 99), 2),
          maxMs: roundOrNull(percentile(latencies, 100), 2),
          statuses,
          unsettled,
          errors: result.errors,
          timeouts: result.timeouts,
          durationMs: round(result.duration * 1000),
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });

const send = (message: LoadMessage) => process.send?.(message, () => process.disconnect());

process.once('message', (plan: LoadPlan) => {
  // Never outlive the plan by much, whatever happens to the parent.
  setTimeout(() => process.exit(3), (plan.warmupSec + plan.durationSec + 30) * 1000).unref();
  (async () => {
    const warmup = await run(plan, plan.warmupSec);
    const measured = await run(plan, plan.durationSec);
    send({ ok: true, warmup, measured });
  })().catch((error: unknown) => send({ ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) }));
});
