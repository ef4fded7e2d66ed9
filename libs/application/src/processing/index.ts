export type { Processor } from './processor';
export type { ProcessorStatus } from './processor-status';
export { ProcessorRunner, type ProcessorRunnerOptions } from './processor-runner';
export { ProcessorHost, type ProcessorHostOptions } from './processor-host';
export { LagSamples, DEFAULT_LAG_SAMPLES } from './lag-samples';
