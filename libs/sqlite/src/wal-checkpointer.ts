import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export type WalCheckpointerOptions = {
  readonly file: string;
  /** The store's own mode: a checkpoint syncs the database file as its writers would. */
  readonly synchronous: 'full' | 'normal';
  readonly intervalMs: number;
};

/**
 * The automatic checkpoint the stores keep as a safety net once a checkpointer runs: ~64 MiB
 * of WAL (4 KiB pages), far beyond what the checkpointer lets it reach.
 */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 16_384;

const WORKER_FILE = join(__dirname, 'wal-checkpointer.worker.js');

/** What the thread tells: checkpoints began to fail (and why), or pass again. */
type PaceMessage = { readonly type: 'failing' | 'recovered'; readonly error?: string };

/**
 * Keeps one SQLite file's WAL short from a thread of its own (see the worker for why), so
 * commits on the API's and the processors' threads never copy the WAL back themselves.
 * Never keeps the process alive. Checkpoints that fail (a full disk) are tried again until
 * they pass, each run of failures told once; a thread that dies (its file cannot be opened)
 * is reported once and not restarted — the store's fallback automatic checkpoint then takes over.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  constructor(options: WalCheckpointerOptions, onError: (error: Error) => void = reportOnce(options.file)) {
    if (!Number.isInteger(options.intervalMs) || options.intervalMs <= 0) {
      throw new RangeError(`the checkpoint interval must be a positive integer of ms, got ${options.intervalMs}`);
    }
    this.worker = new Worker(WORKER_FILE, { workerData: options });
    this.worker.on('error', onError);
    this.worker.on('message', (message: PaceMessage) => process.stderr.write(paceLine(options.file, message)));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.unref();
  }

  /** Lets a checkpoint in progress finish, closes the thread's connection and ends the thread. */
  async close(): Promise<void> {
    this.worker.ref(); // else a thread with nothing else to do would end before hearing back
    this.worker.postMessage({ type: 'stop' });
    await this.exited;
  }
}

const reportOnce = (file: string) => (error: Error) => {
  process.stderr.write(`jobledger: the WAL checkpointer of ${file} stopped (${String(error)}); SQLite's own checkpoint takes over\n`);
};

const paceLine = (file: string, message: PaceMessage): string =>
  message.type === 'failing'
    ? `jobledger: checkpoints of ${file} fail (${message.error}); tried again at most a second apart (or every interval, if longer), SQLite's own checkpoint applies meanwhile\n`
    : `jobledger: checkpoints of ${file} pass again\n`;
