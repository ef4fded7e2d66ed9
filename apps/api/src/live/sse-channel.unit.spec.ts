import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { endAt, formatMessage, SseChannel } from './sse-channel';

/** A response whose client never reads: everything written stays buffered. */
class UnreadResponse extends EventEmitter {
  written: string[] = [];
  writableLength = 0;
  ended = false;
  destroyed = false;
  writeHead() { return this; }
  flushHeaders() {}
  write(chunk: string) { this.written.push(chunk); this.writableLength += chunk.length; return false; }
  end() { this.ended = true; }
  destroy() { this.destroyed = true; }
}

describe('SseChannel', () => {
  const limits = { maxBufferedBytes: 1_000, heartbeatMs: 60_000, drainTimeoutMs: 5_000 };

  it('formats a message with its position as id and its data as one JSON line', () => {
    expect(formatMessage({ id: 42n, event: 'job', data: { position: 42n, type: 'JobClaimed' } })).toBe('id: 42\nevent: job\ndata: {"position":"42","type":"JobClaimed"}\n\n');
  });

  it('drops a client that stops reading once its backlog passes the bound, saying why, and writes nothing more', () => {
    const res = new UnreadResponse();
    const channel = new SseChannel(res as unknown as ServerResponse, limits);
    let closed = 0;
    channel.whenClosed(() => closed++);
    let sent = 0;
    while (channel.isOpen && sent < 1_000) channel.send({ id: BigInt(sent++), event: 'log', data: { message: 'x'.repeat(50) } });
    expect(sent).toBeLessThan(20);
    expect(res.ended).toBe(true);
    expect(res.written.at(-1)).toContain('dropped: this client reads too slowly; reconnect with Last-Event-ID');
    expect(closed).toBe(1);
    const length = res.written.length;
    channel.send({ id: 9_999n, event: 'log', data: {} });
    channel.comment('keep-alive');
    expect(res.written).toHaveLength(length);
  });

  it('drops a client that reads nothing of its catch-up for drainTimeoutMs, so that the catch-up ends', async () => {
    jest.useFakeTimers();
    try {
      const res = new UnreadResponse();
      const channel = new SseChannel(res as unknown as ServerResponse, limits);
      const sent = channel.sendPaced({ id: 1n, event: 'log', data: {} });
      jest.advanceTimersByTime(limits.drainTimeoutMs - 1);
      expect(channel.isOpen).toBe(true);
      jest.advanceTimersByTime(1);
      await sent;
      expect(channel.isOpen).toBe(false);
      expect(res.written.at(-1)).toContain('dropped: this client reads too slowly; reconnect with Last-Event-ID');
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps a catch-up going while its client reads, however slowly', async () => {
    jest.useFakeTimers();
    try {
      const res = new UnreadResponse();
      const channel = new SseChannel(res as unknown as ServerResponse, limits);
      for (let i = 0; i < 3; i++) {
        const sent = channel.sendPaced({ id: BigInt(i), event: 'log', data: {} });
        jest.advanceTimersByTime(limits.drainTimeoutMs - 1);
        res.emit('drain');
        await sent;
      }
      jest.advanceTimersByTime(limits.drainTimeoutMs * 2);
      expect(channel.isOpen).toBe(true);
      channel.end();
    } finally {
      jest.useRealTimers();
    }
  });

  it('counts a client that went away as closed, once', () => {
    const res = new UnreadResponse();
    const channel = new SseChannel(res as unknown as ServerResponse, limits);
    let closed = 0;
    channel.whenClosed(() => closed++);
    res.emit('close');
    channel.end('late');
    expect([channel.isOpen, closed, res.ended]).toEqual([false, 1, false]);
  });

  it('ends at a time beyond the longest timer Node keeps (a token valid for a month), not at once', () => {
    jest.useFakeTimers({ now: 0 });
    try {
      const res = new UnreadResponse();
      const channel = new SseChannel(res as unknown as ServerResponse, { ...limits, heartbeatMs: 2 ** 31 - 1 });
      const DAY = 24 * 3600 * 1000;
      endAt(channel, 30 * DAY, 'closed: expired');
      jest.advanceTimersByTime(29 * DAY);
      expect(channel.isOpen).toBe(true);
      jest.advanceTimersByTime(DAY);
      expect([channel.isOpen, res.written.at(-1)]).toEqual([false, ': closed: expired\n\n']);
    } finally {
      jest.useRealTimers();
    }
  });
});
