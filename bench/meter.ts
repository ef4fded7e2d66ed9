import { DomainError } from '../libs/domain/src/shared/errors';
import { summarize, type LatencySummary } from './stats';

/**
 * Counts and times the operations of concurrent lanes against one deadline and one count cap,
 * so every loop of a scenario is bounded twice. A failed operation is counted by its error
 * code and never in the throughput.
 */
export class Meter {
  ok = 0;
  private readonly latencies = new Map<string, number[]>();
  private readonly errors = new Map<string, number>();
  private readonly deadline: number;

  constructor(maxMs: number, private readonly maxOps: number) {
    this.deadline = performance.now() + maxMs;
  }

  get done(): boolean {
    return this.ok >= this.maxOps || performance.now() >= this.deadline;
  }

  /** Runs one operation; answers its result, or undefined when it failed. */
  async time<T>(label: string, op: () => Promise<T>): Promise<T | undefined> {
    const start = performance.now();
    try {
      const result = await op();
      let samples = this.latencies.get(label);
      if (!samples) this.latencies.set(label, (samples = []));
      samples.push(performance.now() - start);
      this.ok++;
      return result;
    } catch (error) {
      const code = error instanceof DomainError ? error.code : error instanceof Error ? error.name : 'unknown';
      this.errors.set(`${label}:${code}`, (this.errors.get(`${label}:${code}`) ?? 0) + 1);
      return undefined;
    }
  }

  byLabel(): Record<string, LatencySummary> {
    return Object.fromEntries([...this.latencies].map(([label, samples]) => [label, summarize(samples)]));
  }

  failures(): Record<string, number> {
    return Object.fromEntries(this.errors);
  }
}
