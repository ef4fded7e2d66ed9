export { metricsProjection } from './projection';
export { METRICS, METRICS_JOBS, median, type MetricsDoc, type MetricsJobDoc } from './document';
