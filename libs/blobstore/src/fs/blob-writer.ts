import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

type Answer = { readonly id: number; readonly value?: boolean; readonly error?: { readonly message: string; readonly code?: string } };
/** Told by the thread on its own: a segment a sweep could not retire (kept and tried again). */
type Warning = { readonly warning: string };
/** A request and the thread it was posted to: only that thread's failure fails it. */
type Waiting = { readonly worker: Worker; readonly resolve: (value: boolean) => void; readonly reject: (error: Error) => void };
type Request =
  | { readonly type: 'write'; readonly sha: string; readonly bytes: Buffer }
  | { readonly type: 'recover'; readonly sha: string }
  | { readonly type: 'ready' }
  | { readonly type: 'drain' };

const WORKER_FILE = join(__dirname, 'blob-writer.worker.js');
const MIN_RETIRE_AFTER_MS = 100;

const failure = (error: NonNullable<Answer['error']>): Error => Object.assign(new Error(error.message), error.code ? { code: error.code } : {});

/**
 * Durable, content-addressed writes into one blob folder, group-committed through a journal on
 * a thread of their own (see blob-writer.worker.js for why and how). Started on the first
 * request; keeps the process alive only while a request is pending; a crashed thread fails what
 * it held and is replaced on the next request.
 */
export class BlobWriter {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly waiting = new Map<number, Waiting>();
  private drained: Array<() => void> = [];
  private started: Promise<boolean> | null = null;

  constructor(
    private readonly root: string,
    private readonly retireAfterMs?: number,
    private readonly onWarning: (message: string) => void = () => undefined,
  ) {
    // A segment's window is a third of it, and every group in a fresh segment costs a 1 MiB pre-fill.
    if (retireAfterMs !== undefined && !(Number.isInteger(retireAfterMs) && retireAfterMs >= MIN_RETIRE_AFTER_MS)) {
      throw new RangeError(`journalRetireMs must be a whole number of milliseconds, at least ${MIN_RETIRE_AFTER_MS} (got ${retireAfterMs})`);
    }
  }

  /** Resolves once `bytes` are durably stored under `sha`: true when this write stored them, false when they already were. */
  write(sha: string, bytes: Buffer): Promise<boolean> {
    return this.ask({ type: 'write', sha, bytes });
  }

  /** For a lookup that missed: waits for this writer's own placing, else looks in the journal; true when `sha` is stored. */
  recover(sha: string): Promise<boolean> {
    return this.ask({ type: 'recover', sha });
  }

  /**
   * Resolves once the writer has put back whatever a crash left missing or torn (it does so as
   * it starts): reads wait for this once, so no torn file is ever served.
   */
  async ready(): Promise<void> {
    if (this.started === null || this.worker === null) {
      const started = this.ask({ type: 'ready' }).catch((error: unknown) => {
        if (this.started === started) this.started = null; // tried again by the next read
        throw error;
      });
      this.started = started;
    }
    await this.started;
  }

  /**
   * Lets pending requests finish and acknowledged photos reach their address, then stops the
   * thread (a placing cut short would leave a temp file for a later sweep, and work for recovery).
   */
  async close(): Promise<void> {
    // Until nothing is pending once the placing is done: a write may arrive while it drains.
    do {
      if (this.waiting.size > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
      if (this.worker !== null) await this.ask({ type: 'drain' }).catch(() => undefined); // a crashed thread has nothing left to place
    } while (this.waiting.size > 0);
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private ask(request: Request): Promise<boolean> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.set(id, { worker, resolve, reject });
      worker.ref();
      worker.postMessage({ ...request, id });
    });
  }

  private start(): Worker {
    const worker = new Worker(WORKER_FILE, { workerData: { root: this.root, retireAfterMs: this.retireAfterMs } });
    worker.unref();
    worker.on('message', (message: Answer | Warning) => ('warning' in message ? this.onWarning(message.warning) : this.settle(message)));
    // 'error' and then 'exit' both arrive for a crash, the exit possibly after a replacement
    // thread has taken requests: each fails only what it was itself asked.
    const fail = (error: Error) => {
      if (this.worker === worker) {
        this.worker = null;
        this.started = null;
      }
      for (const [id, w] of this.waiting) {
        if (w.worker !== worker) continue;
        this.waiting.delete(id);
        w.reject(error);
      }
      this.idle(worker);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the evidence writer thread exited (${code}) with requests pending`)));
    this.worker = worker;
    return worker;
  }

  private settle({ id, value, error }: Answer): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    if (error) w.reject(failure(error));
    else w.resolve(value === true);
    this.idle(w.worker);
  }

  /** A thread with nothing pending no longer keeps the process alive; close() goes on once no thread has. */
  private idle(worker: Worker): void {
    for (const w of this.waiting.values()) if (w.worker === worker) return;
    worker.unref();
    if (this.waiting.size > 0) return;
    const drained = this.drained;
    this.drained = [];
    for (const resolve of drained) resolve();
  }
}
