/**
 * How long a write's failure is reported after it (unless a write succeeds meanwhile). Bounded:
 * a load balancer that stops sending commands on the report would otherwise never let one prove
 * the disk writable again.
 */
export const FAILURE_REPORTED_MS = 10_000;

/** `CODE: message`, read by shape: the driver's error class may come from another realm, and is then no `Error` here. */
export const failureText = (error: unknown): string => {
  const e = error as { code?: unknown; name?: unknown; message?: unknown } | null;
  if (typeof e !== 'object' || e === null || typeof e.message !== 'string') return String(error);
  return `${String(e.code ?? e.name ?? 'Error')}: ${e.message}`;
};

/** The last write's failure, for `/health`: told for FAILURE_REPORTED_MS, or until a write succeeds. */
export class RecentFailure {
  private last: { readonly text: string; readonly atMs: number } | null = null;

  failed(error: unknown, nowMs = Date.now()): void {
    this.last = { text: typeof error === 'string' ? error : failureText(error), atMs: nowMs };
  }

  succeeded(): void {
    this.last = null;
  }

  current(nowMs = Date.now()): string | null {
    return this.last && nowMs - this.last.atMs < FAILURE_REPORTED_MS ? this.last.text : null;
  }
}
