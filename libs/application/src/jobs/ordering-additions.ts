/**
 * Additions of ordering relations, one at a time in this process. Their cycle check walks other
 * jobs' streams, which the append's revision guard (one stream's) does not cover: two additions
 * at once, `a blocked_by b` and `b blocked_by a`, would each miss the other's half of the cycle
 * and both be stored. Processes beside this one keep that window (docs/decisions.md).
 */
export class OrderingAdditions {
  private last: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.last.then(work);
    this.last = next.catch(() => undefined); // a refused addition does not hold up the next
    return next;
  }
}
