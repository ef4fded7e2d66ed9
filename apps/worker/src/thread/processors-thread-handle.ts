import { join } from 'node:path';
import { Worker as Thread } from 'node:worker_threads';
import type { ProcessorProgress, Settler } from '../../../../libs/application/src/commands/command-gateway';
import type { ProcessorStatus } from '../../../../libs/application/src/processing/processor-status';
import type { EventStore, Position } from '../../../../libs/eventstore/src/port';
import type { ThreadData, ThreadMessage, ThreadRequest } from './protocol';
import { SeenMirror } from './seen-mirror';
import { makeThreadAppends } from './thread-appends';

type Answer = Extract<ThreadMessage, { type: 'answer' }>['value'];
type Pending = { readonly resolve: (value: Answer) => void; readonly reject: (error: Error) => void; readonly answerFalseAfter?: number };
/** A request without its id (distributes over the union, so each variant keeps its fields). */
type Ask = ThreadRequest extends infer R ? (R extends ThreadRequest ? Omit<R, 'id'> : never) : never;

/** The built thread entry; runs from the build only (a thread loads JavaScript). */
const THREAD_FILE = join(__dirname, 'processors-thread.js');

/**
 * The API thread's side of the processors' thread: a `Settler` answered from the runners'
 * progress the thread pushes (SeenMirror), or — while the thread does not hold every lease —
 * asked of the thread, which then waits on the stored checkpoints; the thread's lease holder id, a
 * graceful stop, and the thread's appends, made on `eventStore` (this thread's store of the same file).
 * `onFailure` is told once if the thread dies or reports an error it cannot recover from:
 * the process then has no projections, so the caller should end it and let it be restarted.
 * `onSwitched` is told of each generation switch a rebuild on the thread makes, before the
 * progress that follows it is mirrored: this thread's readers must move to it first.
 */
export class ProcessorsThread implements Settler {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private latest: readonly ProcessorStatus[] = [];
  private stopping = false;
  private failed = false;
  private overdueTimer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly thread: Thread,
    readonly holder: string,
    private readonly mirror: SeenMirror,
    private readonly onFailure: (error: Error) => void,
  ) {
    thread.on('message', (message: ThreadMessage) => this.receive(message));
    thread.on('error', (error) => (this.stopping ? this.rejectPending(error) : this.fail(error)));
    thread.on('exit', (code) => {
      const error = new Error(`the processors' thread exited (${code})`);
      if (this.stopping) this.rejectPending(error); // a stop still waiting is answered, not left hanging
      else this.fail(error);
    });
  }

  /** `file`: the thread's entry (another only in tests, to play a thread that misbehaves). */
  static start(
    env: ThreadData['env'],
    eventStore: EventStore,
    onFailure: (error: Error) => void,
    onSwitched: (projection: string, generation: number) => void,
    file = THREAD_FILE,
  ): Promise<ProcessorsThread> {
    const thread = new Thread(file, { workerData: { env } satisfies ThreadData });
    // From the start, and first among the listeners: the thread's reactors append while it is
    // still starting, and a switch must be applied before the pushes after it are mirrored.
    thread.on('message', (message: ThreadMessage) => {
      // Answers to a thread that has exited go nowhere (postMessage is then a no-op).
      if (message.type === 'appends') makeThreadAppends(eventStore, message, (reply) => thread.postMessage(reply));
      if (message.type === 'switched') onSwitched(message.projection, message.generation);
    });
    return new Promise((resolve, reject) => {
      let status: readonly ProcessorStatus[] = [];
      const failedToStart = (error: Error) => {
        reject(error);
        void thread.terminate(); // whatever it opened before failing goes with it
      };
      let ready: Extract<ThreadMessage, { type: 'ready' }> | null = null;
      // Ready once the runners' first push is in too (it follows `ready`): settles are then answered here from the start.
      const early = (message: ThreadMessage) => {
        if (message.type === 'status') status = message.status;
        if (message.type === 'failed') failedToStart(new Error(message.error));
        if (message.type === 'ready') ready = message;
        if (message.type !== 'seen' || ready === null) return;
        thread.off('message', early);
        thread.off('error', failedToStart);
        const mirror = new SeenMirror(ready.processors, () => eventStore.headPosition());
        mirror.update(message.holdsAll, message.runners);
        const handle = new ProcessorsThread(thread, ready.holder, mirror, onFailure);
        handle.latest = status;
        resolve(handle);
      };
      thread.on('message', early);
      thread.once('error', failedToStart);
      thread.once('exit', (code) => reject(new Error(`the processors' thread exited (${code}) while starting`)));
    });
  }

  async settle(position: Position, timeoutMs: number, eventTypes?: readonly string[], followUps = true): Promise<boolean> {
    if (this.failed || this.stopping) return false;
    if (!this.mirror.usable) return this.ask(position, timeoutMs, eventTypes, followUps);
    const deadline = performance.now() + timeoutMs;
    if (await this.mirror.settle(position, timeoutMs, eventTypes, followUps)) return true;
    // A lease went to another worker meanwhile (its runner stopped, answering false): the
    // thread waits on the stored checkpoints then, for what is left of the time.
    const left = deadline - performance.now();
    return !this.mirror.usable && left > 0 && !this.failed && !this.stopping && this.ask(position, left, eventTypes, followUps);
  }

  /** As last reported (every STATUS_EVERY_MS): /health answers without a round trip. */
  status(): readonly ProcessorStatus[] {
    return this.latest;
  }

  /** Asked now, for callers that need it exact (the benchmark's final lag figures). */
  async currentStatus(): Promise<readonly ProcessorStatus[]> {
    return (await this.request({ type: 'status' })) as readonly ProcessorStatus[];
  }

  async progress(): Promise<readonly ProcessorProgress[]> {
    return (await this.request({ type: 'progress' })) as readonly ProcessorProgress[];
  }

  /** Processors stop after their batch, leases are handed over, the thread's stores close. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    if (this.failed) {
      this.stopping = true;
      await this.thread.terminate();
      return;
    }
    const exited = new Promise<void>((resolve) => this.thread.once('exit', () => resolve()));
    const stopped = this.request({ type: 'stop' });
    this.stopping = true;
    await stopped;
    await exited;
    this.mirror.close();
  }

  /** A settle asked of the thread (it bounds its own wait; this bound only guards against a thread that stopped answering). */
  private async ask(position: Position, timeoutMs: number, eventTypes: readonly string[] | undefined, followUps: boolean): Promise<boolean> {
    return (await this.request({ type: 'settle', position, timeoutMs, eventTypes, followUps }, performance.now() + timeoutMs + 1_000)) === true;
  }

  /** `answerFalseAfter`: past this time (performance.now()), the request is answered `false` here. */
  private request(request: Ask, answerFalseAfter?: number): Promise<Answer> {
    if (this.failed) return Promise.reject(new Error("the processors' thread has failed"));
    const id = this.nextId++;
    return new Promise<Answer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, answerFalseAfter });
      if (answerFalseAfter !== undefined) this.watchOverdue();
      this.thread.postMessage({ ...request, id } as ThreadRequest);
    });
  }

  /**
   * One timer for every ask with a deadline, not one per command: it checks them each second
   * while any is waiting (the deadlines are a second past the thread's own, so a second late
   * at most is fine).
   */
  private watchOverdue(): void {
    if (this.overdueTimer) return;
    this.overdueTimer = setInterval(() => {
      const now = performance.now();
      let waiting = false;
      for (const [id, pending] of this.pending) {
        if (pending.answerFalseAfter === undefined) continue;
        if (pending.answerFalseAfter > now) waiting = true;
        else {
          this.pending.delete(id);
          pending.resolve(false);
        }
      }
      if (!waiting) this.stopWatchingOverdue();
    }, 1_000);
    this.overdueTimer.unref();
  }

  private stopWatchingOverdue(): void {
    if (this.overdueTimer) clearInterval(this.overdueTimer);
    this.overdueTimer = null;
  }

  private receive(message: ThreadMessage): void {
    if (message.type === 'seen') this.mirror.update(message.holdsAll, message.runners);
    else if (message.type === 'status') this.latest = message.status;
    else if (message.type === 'failed') this.fail(new Error(message.error));
    else if (message.type === 'answer' || message.type === 'refused') {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.type === 'answer') pending?.resolve(message.value);
      else pending?.reject(new Error(message.error));
    }
  }

  private fail(error: Error): void {
    if (this.failed) return;
    this.failed = true;
    this.rejectPending(error);
    this.onFailure(error);
  }

  private rejectPending(error: Error): void {
    this.mirror.close();
    this.stopWatchingOverdue();
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(error);
    }
  }
}
