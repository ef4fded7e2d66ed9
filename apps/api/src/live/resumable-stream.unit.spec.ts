import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { CountingStore } from '../../../../libs/eventstore/contract/counting-store';
import { newEvent } from '../../../../libs/eventstore/contract/fixtures';
import type { EventStore, Position, RecordedEvent } from '../../../../libs/eventstore/src/port';
import { SqliteEventStore } from '../../../../libs/eventstore/src/sqlite/sqlite-event-store';
import type { FeedListener, LiveFeed } from './live-feed';
import { runResumable, type StreamView } from './resumable-stream';
import { SseChannel } from './sse-channel';

class ReadingResponse extends EventEmitter {
  written = '';
  writableLength = 0;
  writeHead() { return this; }
  flushHeaders() {}
  write(chunk: string) { this.written += chunk; return true; }
  end() {}
  destroy() {}
  ids = () => [...this.written.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
}

const event = (streamId: string, position: number): RecordedEvent => ({
  id: `e${position}`, streamId, revision: 0, position: BigInt(position), type: 'Something', data: {}, recordedAt: '', metadata: {} as RecordedEvent['metadata'],
});

const view: StreamView = {
  streams: ['job-x', 'joblog-x'],
  render: (e) => ({ message: { id: e.position, event: 'job', data: {} } }),
};

describe('runResumable: catch-up then live', () => {
  it('loses nothing when events land in one stream while another is being read, and repeats nothing', async () => {
    let listener: FeedListener = () => undefined;
    const feed = { ready: async () => undefined, listen: (_t: unknown, l: FeedListener) => { listener = l; return () => undefined; } } as unknown as LiveFeed;
    const log: Record<string, RecordedEvent[]> = { 'job-x': [event('job-x', 1)], 'joblog-x': [event('joblog-x', 2)] };
    const store = {
      headPosition: async (): Promise<Position> => 2n,
      readStream: async (streamId: string) => {
        if (streamId === 'joblog-x') {
          // Between the two reads: one event in each stream, announced by the feed as they land.
          for (const e of [event('job-x', 3), event('joblog-x', 4)]) {
            log[e.streamId].push(e);
            listener(e);
          }
        }
        return [...log[streamId]];
      },
    } as unknown as EventStore;
    const res = new ReadingResponse();
    const channel = new SseChannel(res as unknown as ServerResponse, { maxBufferedBytes: 1e6, heartbeatMs: 60_000, drainTimeoutMs: 60_000 });
    await runResumable(channel, feed, store, view, -1n);
    listener(event('joblog-x', 4));
    listener(event('job-x', 5));
    expect(res.ids()).toEqual([1, 2, 3, 4, 5]);
    channel.end();
  });

  it('sends only what comes after the resume point', async () => {
    let listener: FeedListener = () => undefined;
    const feed = { ready: async () => undefined, listen: (_t: unknown, l: FeedListener) => { listener = l; return () => undefined; } } as unknown as LiveFeed;
    const store = {
      headPosition: async (): Promise<Position> => 3n,
      readStream: async (streamId: string) => (streamId === 'job-x' ? [event('job-x', 1), event('job-x', 3)] : [event('joblog-x', 2)]),
    } as unknown as EventStore;
    const res = new ReadingResponse();
    const channel = new SseChannel(res as unknown as ServerResponse, { maxBufferedBytes: 1e6, heartbeatMs: 60_000, drainTimeoutMs: 60_000 });
    await runResumable(channel, feed, store, view, 1n);
    listener(event('job-x', 3));
    listener(event('joblog-x', 6));
    expect(res.ids()).toEqual([2, 3, 6]);
    channel.end();
  });

  describe('on a store, a chunk at a time', () => {
    let store: CountingStore;
    const quietFeed = { ready: async () => undefined, listen: () => () => undefined } as unknown as LiveFeed;
    const open = (res: ReadingResponse) => new SseChannel(res as unknown as ServerResponse, { maxBufferedBytes: 1e9, heartbeatMs: 60_000, drainTimeoutMs: 60_000 });
    beforeEach(() => {
      store = new CountingStore(SqliteEventStore.open({ file: ':memory:' }));
    });
    afterEach(() => store.close());

    /** A job stream of `jobEvents` and a log of `lines`, appended in turns while both last, so their positions interleave. */
    const fill = async (jobEvents: number, lines: number) => {
      for (let i = 0; i < Math.max(jobEvents, lines); i++) {
        if (i < jobEvents) await store.append('job-x', [newEvent('Something')], 'any');
        if (i < lines) await store.append('joblog-x', [newEvent('LogAppended')], 'any');
      }
      return [...(await store.readStream('job-x')), ...(await store.readStream('joblog-x'))].map((e) => Number(e.position)).sort((a, b) => a - b);
    };
    const foldedOnly: StreamView = { streams: ['job-x', 'joblog-x'], render: (e) => ({ message: { id: e.position, event: e.streamId, data: {} } }) };
    const withStatelessLog: StreamView = { ...foldedOnly, stateless: ['joblog-x'] };

    it('sends every event after the resume point once, in log order, across chunk boundaries', async () => {
      const all = await fill(250, 340);
      for (const view of [foldedOnly, withStatelessLog]) {
        for (const after of [-1, 0, 7, 333, all[all.length - 2], all[all.length - 1]]) {
          const res = new ReadingResponse();
          await runResumable(open(res), quietFeed, store, view, BigInt(after));
          expect(res.ids()).toEqual(all.filter((p) => p > after));
        }
      }
    });

    it('reads a stateless log only from the resume point on: a resume near its end reads a few lines, not the log', async () => {
      const all = await fill(5, 2_000);
      store.eventsRead = 0;
      const res = new ReadingResponse();
      await runResumable(open(res), quietFeed, store, withStatelessLog, BigInt(all[all.length - 4]));
      expect(res.ids()).toEqual(all.slice(-3));
      // The job stream whole (it is folded), the bisection's single events, and the lines sent.
      expect(store.eventsRead).toBeLessThanOrEqual(5 + Math.ceil(Math.log2(2_001)) + 3);
    });

    it('stops reading once the client has gone', async () => {
      await fill(1, 2_000);
      store.eventsRead = 0;
      const res = new ReadingResponse();
      // The client reads the first message, then nothing: its connection closes while the server waits.
      res.write = (chunk: string) => {
        res.written += chunk;
        setImmediate(() => res.emit('close'));
        return false;
      };
      await runResumable(open(res), quietFeed, store, withStatelessLog, -1n);
      expect(res.ids()).toHaveLength(1);
      expect(store.eventsRead).toBeLessThanOrEqual(1 + 100);
    });
  });
});
