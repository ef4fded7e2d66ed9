import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

type Answer = { readonly id: number; readonly value?: boolean; readonly error?: { readonly message: string; readonly code?: string } };
type Waiting = { readonly resolve: (value: boolean) => void; readonly reject: (error: Error) => void };
type Request =
  | { readonly type: 'write'; readonly sha: string; readonly bytes: Buffer }
  | { readonly type: 'recover'; readonly sha: string }
  | { readonly type: 'ready' };

const WORKER_FILE = join(__dirname, 'blob-writer.worker.js');

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
  ) {}

  /** Resolves once `bytes` are durably stored under `sha` (or already were). */
  async write(sha: string, bytes: Buffer): Promise<void> {
    await this.ask({ type: 'write', sha, bytes });
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

  /** Lets pending requests finish, then stops the thread. */
  async close(): Promise<void> {
    if (this.waiting.size > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private ask(request: Request): Promise<boolean> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...request, id });
    });
  }

  private start(): Worker {
    const worker = new Worker(WORKER_FILE, { workerData: { root: this.root, retireAfterMs: this.retireAfterMs } });
    worker.unref();
    worker.on('message', (answer: Answer) => this.settle(answer));
    const fail = (error: Error) => {
      if (this.worker === worker) {
        this.worker = null;
        this.started = null;
      }
      for (const [id, w] of this.waiting) {
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
