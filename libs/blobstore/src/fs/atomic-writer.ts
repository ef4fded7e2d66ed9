import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

type Answer = { readonly id: number; readonly error?: { readonly message: string; readonly code?: string } };
type Waiting = { readonly resolve: () => void; readonly reject: (error: Error) => void };

const WORKER_FILE = join(__dirname, 'atomic-write.worker.js');

const failure = (error: NonNullable<Answer['error']>): Error => Object.assign(new Error(error.message), error.code ? { code: error.code } : {});

/**
 * Durable, atomic file writes done on a thread of their own (see atomic-write.worker.js for why
 * and how). Started on the first write; keeps the process alive only while a write is pending;
 * a crashed thread fails what it held and is replaced on the next write.
 */
export class AtomicWriter {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly waiting = new Map<number, Waiting>();
  private drained: Array<() => void> = [];

  /** Resolves once `bytes` are durably at `path` (or were already: paths are content addresses). */
  write(path: string, bytes: Buffer): Promise<void> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, path, bytes });
    });
  }

  /** Lets pending writes finish, then stops the thread. */
  async close(): Promise<void> {
    if (this.waiting.size > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(WORKER_FILE);
    worker.unref();
    worker.on('message', (answer: Answer) => this.settle(answer));
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const [id, w] of this.waiting) {
        this.waiting.delete(id);
        w.reject(error);
      }
      this.idle(worker);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the evidence writer thread exited (${code}) with writes pending`)));
    this.worker = worker;
    return worker;
  }

  private settle({ id, error }: Answer): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    if (error) w.reject(failure(error));
    else w.resolve();
    if (this.worker) this.idle(this.worker);
  }

  private idle(worker: Worker): void {
    if (this.waiting.size > 0) return;
    worker.unref();
    const drained = this.drained;
    this.drained = [];
    for (const resolve of drained) resolve();
  }
}
