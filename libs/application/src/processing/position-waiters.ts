import type { Position } from '../../../eventstore/src/port';

type Waiter = { readonly position: Position; readonly resolve: (reached: boolean) => void; readonly timer: NodeJS.Timeout };

/**
 * Callers waiting for a processor to reach a position. Woken by the runner each time its
 * seen position advances (no polling), or by their own timeout.
 */
export class PositionWaiters {
  private readonly waiters = new Set<Waiter>();

  /** Resolves true once `advance` reaches `position`, false after `timeoutMs`. */
  wait(position: Position, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        resolve,
        timer: setTimeout(() => this.settle(waiter, false), Math.max(0, timeoutMs)),
      };
      this.waiters.add(waiter);
    });
  }

  advance(seen: Position): void {
    for (const waiter of this.waiters) if (waiter.position <= seen) this.settle(waiter, true);
  }

  /** On shutdown: nobody should wait out a timeout for a processor that is not running. */
  releaseAll(): void {
    for (const waiter of this.waiters) this.settle(waiter, false);
  }

  private settle(waiter: Waiter, reached: boolean): void {
    if (!this.waiters.delete(waiter)) return;
    clearTimeout(waiter.timer);
    waiter.resolve(reached);
  }
}
