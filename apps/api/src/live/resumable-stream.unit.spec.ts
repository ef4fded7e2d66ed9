import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { EventStore, Position, RecordedEvent } from '../../../../libs/eventstore/src/port';
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
    const channel = new SseChannel(res as unknown as ServerResponse, { maxBufferedBytes: 1e6, heartbeatMs: 60_000 });
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
    const channel = new SseChannel(res as unknown as ServerResponse, { maxBufferedBytes: 1e6, heartbeatMs: 60_000 });
    await runResumable(channel, feed, store, view, 1n);
    listener(event('job-x', 3));
    listener(event('joblog-x', 6));
    expect(res.ids()).toEqual([2, 3, 6]);
    channel.end();
  });
});
