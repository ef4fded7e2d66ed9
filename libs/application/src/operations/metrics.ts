import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ProjectionsReport } from './projection-operations';

/**
 * The Prometheus figures of one process, in a registry of its own (not prom-client's
 * global one): two apps in one process — tests do that — never share counters.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: 'jobledger_http_requests_total', help: 'HTTP requests answered, by route and status', labelNames: ['method', 'route', 'status'] as const, registers: [this.registry] });
  readonly requestSeconds = new Histogram({
    name: 'jobledger_http_request_duration_seconds', help: 'HTTP request duration by route', labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [this.registry],
  });
  readonly appendSeconds = new Histogram({
    name: 'jobledger_event_append_duration_seconds', help: 'Time to append events to the event store (one call, acknowledged)',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1], registers: [this.registry],
  });
  readonly readLagWaitSeconds = new Histogram({
    name: 'jobledger_command_read_lag_wait_seconds', help: 'Time a command waited for the read models to come within the read-lag bound (only commands that waited)',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [this.registry],
  });
  readonly settleSeconds = new Histogram({
    name: 'jobledger_command_settle_seconds', help: "Time a command's answer waited, after its append, for its read models (read-your-writes; up to the settle timeout)",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [this.registry],
  });
  private readonly lagEvents = new Gauge({ name: 'jobledger_projection_lag_events', help: 'Events of the processor\'s types after its checkpoint (counted up to a cap)', labelNames: ['processor', 'kind'] as const, registers: [this.registry] });
  private readonly oldestSeconds = new Gauge({ name: 'jobledger_projection_oldest_unprocessed_seconds', help: 'Age of the oldest event the processor has not applied yet', labelNames: ['processor', 'kind'] as const, registers: [this.registry] });
  private readonly applyLag = new Gauge({ name: 'jobledger_projection_apply_lag_seconds', help: 'Recorded-to-applied lag of recent events (where the processor runs in this process)', labelNames: ['processor', 'quantile'] as const, registers: [this.registry] });
  private readonly checkpoint = new Gauge({ name: 'jobledger_projection_checkpoint', help: 'Log position of the processor\'s checkpoint (-1: none yet)', labelNames: ['processor', 'kind'] as const, registers: [this.registry] });
  private readonly head = new Gauge({ name: 'jobledger_event_store_head_position', help: 'Log position of the newest event', registers: [this.registry] });

  /** Projection gauges are set from a fresh report just before each scrape. */
  observe(report: ProjectionsReport): void {
    this.head.set(Number(report.headPosition));
    for (const p of report.processors) {
      const labels = { processor: p.name, kind: p.kind };
      this.lagEvents.set(labels, p.lag.events);
      this.oldestSeconds.set(labels, p.lag.oldestUnprocessedMs / 1000);
      this.checkpoint.set(labels, p.checkpoint === null ? -1 : Number(p.checkpoint));
      if (p.lag.p50Ms !== null) this.applyLag.set({ processor: p.name, quantile: '0.5' }, p.lag.p50Ms / 1000);
      if (p.lag.p99Ms !== null) this.applyLag.set({ processor: p.name, quantile: '0.99' }, p.lag.p99Ms / 1000);
    }
  }
}

export const METRICS = Symbol('METRICS');
