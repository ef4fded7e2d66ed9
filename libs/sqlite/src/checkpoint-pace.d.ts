/** Types of checkpoint-pace.js (plain JavaScript: the checkpointer's thread loads it from the sources too). */
export type PaceReport = (what: 'failing' | 'recovered', error?: Error & { code?: string }) => void;

export function pace(options: {
  checkpoint: () => unknown;
  intervalMs: number;
  report: PaceReport;
  setTimer?: (tick: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}): () => void;

export function delayAfter(failures: number, intervalMs: number): number;

export const MAX_BACKOFF_MS: number;
