import type { ServerResponse } from 'node:http';

export type SseMessage = {
  /** The event's global position: what a client sends back as `Last-Event-ID`. */
  readonly id: bigint;
  readonly event: string;
  readonly data: unknown;
};

export type ChannelLimits = {
  /** Bytes a client may leave unread before it is dropped (it resumes with Last-Event-ID). */
  readonly maxBufferedBytes: number;
  readonly heartbeatMs: number;
  /** How long a catch-up write may wait for the client to read, before the client is dropped. */
  readonly drainTimeoutMs: number;
};

export const DEFAULT_LIMITS: ChannelLimits = { maxBufferedBytes: 1024 * 1024, heartbeatMs: 15_000, drainTimeoutMs: 30_000 };

const TOO_SLOW = 'dropped: this client reads too slowly; reconnect with Last-Event-ID to resume';

/** JSON with positions (bigint) as decimal strings, the way every route shows them. */
const json = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

export const formatMessage = (m: SseMessage): string => `id: ${m.id}\nevent: ${m.event}\ndata: ${json(m.data)}\n\n`;

/**
 * One `text/event-stream` response, written on the raw Node response after Fastify let go of
 * it. Live messages are written without waiting (one slow client must not hold the shared
 * feed); what a client leaves unread is bounded by `maxBufferedBytes`, past which it is
 * dropped with a final comment. Catch-up writes wait for `drain` instead: there the server
 * sets the pace.
 */
export class SseChannel {
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly onClose: (() => void)[] = [];

  constructor(private readonly res: ServerResponse, private readonly limits: ChannelLimits = DEFAULT_LIMITS) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Tells nginx-style proxies not to buffer the stream.
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    // A comment now and then keeps proxies and load balancers from closing an idle stream.
    this.heartbeat = setInterval(() => this.comment('keep-alive'), limits.heartbeatMs);
    this.heartbeat.unref();
    res.once('close', () => this.finish());
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Runs once when the stream ends, whoever ended it (client, server, shutdown). */
  whenClosed(callback: () => void): void {
    if (this.closed) callback();
    else this.onClose.push(callback);
  }

  /** A live message; drops the client when it has fallen too far behind. */
  send(message: SseMessage): void {
    if (this.closed) return;
    this.res.write(formatMessage(message));
    if (this.res.writableLength > this.limits.maxBufferedBytes) {
      this.end(TOO_SLOW);
    }
  }

  /**
   * A catch-up message: resolves once the client has room for more. A client that reads
   * nothing for `drainTimeoutMs` is dropped, so that it does not hold its catch-up's reads.
   */
  async sendPaced(message: SseMessage): Promise<void> {
    if (this.closed) return;
    if (this.res.write(formatMessage(message))) return;
    await new Promise<void>((resolve) => {
      const stalled = setTimeout(() => this.end(TOO_SLOW), this.limits.drainTimeoutMs);
      const done = () => {
        clearTimeout(stalled);
        this.res.off('drain', done);
        this.res.off('close', done);
        const waiting = this.onClose.indexOf(done);
        if (waiting >= 0) this.onClose.splice(waiting, 1);
        resolve();
      };
      this.res.once('drain', done);
      this.res.once('close', done);
      this.whenClosed(done);
    });
  }

  comment(text: string): void {
    if (!this.closed) this.res.write(`: ${text}\n\n`);
  }

  /** Ends the stream with a last comment saying why. */
  end(reason?: string): void {
    if (this.closed) return;
    if (reason) this.res.write(`: ${reason}\n\n`);
    this.res.end();
    this.finish();
    // A client that does not read never lets the end flush: do not keep its socket for it.
    if (this.res.writableLength > 0) setTimeout(() => this.res.destroy(), 1_000).unref();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const callback of this.onClose.splice(0)) callback();
  }
}

/** setTimeout's longest delay (about 24.8 days); a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Ends the channel at `atMs` (ms since the epoch) with `reason`, unless it ends first. */
export const endAt = (channel: SseChannel, atMs: number, reason: string): void => {
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    const left = atMs - Date.now();
    if (left <= 0) return channel.end(reason);
    timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    timer.unref();
  };
  channel.whenClosed(() => clearTimeout(timer));
  arm();
};
