import autocannon from 'autocannon';
import { answerParent } from './fresh-process';
import { percentile, perSecond, round, roundOrNull } from './stats';

/**
 * The load generator, a separate process (forked by http-drive.ts) so that generating load never
 * shares the server's event loop. It receives a plan over IPC, drives autocannon against
 * 127.0.0.1 for a warm-up and then for the measured window (one run, the same connections),
 * and sends the figures back.
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
export type LoadResult = { readonly warmup: LoadReport; readonly measured: LoadReport };

/** What one phase (warm-up, or the measured window) saw. */
class Phase {
  readonly latencies: number[] = []; // of 2xx answers, with autocannon's sub-millisecond timings
  readonly statuses: Record<string, number> = {};
  answered = 0;
  unsettled = 0;
  errors = 0;
  timeouts = 0;

  report(durationMs: number): LoadReport {
    const ok = this.latencies.length;
    return {
      requests: this.answered,
      ok,
      okPerSec: perSecond(ok, durationMs),
      p50Ms: roundOrNull(percentile(this.latencies, 50), 2),
      p99Ms: roundOrNull(percentile(this.latencies, 99), 2),
      maxMs: roundOrNull(percentile(this.latencies, 100), 2),
      statuses: this.statuses,
      unsettled: this.unsettled,
      errors: this.errors,
      timeouts: this.timeouts,
      durationMs: round(durationMs),
    };
  }
}

/**
 * One autocannon run over warm-up and window together, on the same 64 connections: answers
 * before the warm-up's end count for the warm-up, the rest for the window. (Two runs would open
 * 64 new connections at the window's start, and measure their handshakes and first requests,
 * all at once, as part of the steady state.) Errors and timeouts count in the phase they came in.
 */
const run = (plan: LoadPlan): Promise<LoadResult> =>
  new Promise((resolve, reject) => {
    let nextConnection = 0;
    const warmup = new Phase();
    const measured = new Phase();
    const started = performance.now();
    const windowStart = started + plan.warmupSec * 1000;
    const phaseNow = (): Phase => (performance.now() < windowStart ? warmup : measured);
    const instance = autocannon(
      {
        url: plan.url,
        connections: plan.connections,
        duration: plan.warmupSec + plan.durationSec,
        timeout: 10,
        setupClient: (client) => {
          const mine = plan.perConnection[nextConnection++ % plan.perConnection.length];
          client.setRequests(mine.map((r) => ({
            method: 'POST', path: r.path, body: r.body,
            headers: { authorization: `Bearer ${r.token}`, 'content-type': 'application/json' },
          })));
          client.on('body', (body: Buffer) => {
            if (body.includes('"settled":false')) phaseNow().unsettled++;
          });
        },
      },
      (error, result) => {
        if (error) return reject(error);
        const ended = performance.now();
        if (warmup.errors + measured.errors !== result.errors) return reject(new Error(`errors counted ${warmup.errors + measured.errors}, autocannon says ${result.errors}`));
        resolve({ warmup: warmup.report(plan.warmupSec * 1000), measured: measured.report(ended - windowStart) });
      },
    );
    // autocannon counts a timeout as an error too, and says which it was only by the message.
    instance.on('reqError', (error: Error) => {
      const phase = phaseNow();
      phase.errors++;
      if (error.message === 'request timed out') phase.timeouts++;
    });
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      const phase = phaseNow();
      phase.answered++;
      phase.statuses[statusCode] = (phase.statuses[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) phase.latencies.push(responseTime);
    });
  });

process.once('message', (plan: LoadPlan) => {
  // Never outlive the plan by much, whatever happens to the parent.
  setTimeout(() => process.exit(3), (plan.warmupSec + plan.durationSec + 30) * 1000).unref();
  void answerParent(() => run(plan));
});
