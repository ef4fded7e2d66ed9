/**
 * Work on one key done one at a time in this process, in the order it was asked for. For
 * commands that many callers send to one stream at once (posts to a coordination thread,
 * children allocated under one parent): run side by side, all but one of each round fail on the
 * stream's revision and go round again, and past the retry budget a caller is refused for nothing
 * but company. In line, each reads what the one before it wrote. Processes beside this one still
 * race, and retry. Work must not ask for its own key again: it would wait for itself.
 */
export class SerialByKey {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const next = (this.tails.get(key) ?? Promise.resolve()).then(work);
    const tail = next.catch(() => undefined); // a refused command does not hold up the next
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
