import { inLogOrder, START_POSITION, type EventStore, type Position, type RecordedEvent } from '../../../../libs/eventstore/src/port';
import type { LiveFeed } from './live-feed';
import type { SseChannel, SseMessage } from './sse-channel';

export type Rendered = { readonly message: SseMessage; readonly final?: boolean } | null;

/** What one route streams: which streams, and how their events become messages. */
export type StreamView = {
  readonly streams: readonly string[];
  /**
   * Sees every event of the streams once, in global order, including those at or before the
   * resume point (so that a view can fold state); only messages after it are sent.
   */
  render(event: RecordedEvent, live: boolean): Rendered;
  /** After catch-up, before anything live: a view may answer at once (e.g. `wait` on a finished job). */
  caughtUp?(position: Position): Rendered;
  /**
   * Whether the caller may still see what the stream shows, given the events rendered so far.
   * Asked after the catch-up and after each live event, because access can be lost while the
   * stream is open (a job reassigned to another operator): the stream then ends, and the event
   * that took the access away is not sent.
   */
  stillVisible?(): boolean;
};

const WITHDRAWN = 'closed: the caller may no longer see this';

/** Live events a client may have waiting while its catch-up reads the store. */
export const MAX_HANDOVER_BUFFER = 10_000;
const READ_CHUNK = 1_000;

const readWhole = async (store: EventStore, streamId: string): Promise<RecordedEvent[]> => {
  const all: RecordedEvent[] = [];
  for (;;) {
    const chunk = await store.readStream(streamId, { fromRevision: all.length, maxCount: READ_CHUNK });
    all.push(...chunk);
    if (chunk.length < READ_CHUNK) return all;
  }
};

/**
 * Catch-up, then live, without a gap or a repeat at the hand-over. The listener is registered
 * before the store is read, so nothing appended during the read can be missed; what it hears
 * meanwhile is buffered, and every event is handled once, by position, whichever path
 * brought it: the catch-up takes what is at or before the head it read, the feed (started
 * before this client came) the rest. Ends when the view says final, when the client goes, or
 * on shutdown.
 */
export const runResumable = async (channel: SseChannel, feed: LiveFeed, store: EventStore, view: StreamView, after: Position): Promise<void> => {
  await feed.ready();
  let buffer: RecordedEvent[] | null = [];
  let lastSeen: Position = START_POSITION;

  // Synchronous on purpose: an await here would let a newer live event overtake older ones.
  const handle = (event: RecordedEvent, live: boolean): void => {
    if (!channel.isOpen || event.position <= lastSeen) return;
    lastSeen = event.position;
    const rendered = view.render(event, live);
    if (view.stillVisible?.() === false) return channel.end(WITHDRAWN);
    if (rendered && event.position > after) emit(rendered);
  };
  const emit = (rendered: NonNullable<Rendered>): void => {
    channel.send(rendered.message);
    if (rendered.final) channel.end();
  };

  const stop = feed.listen({ streams: view.streams }, (event) => {
    if (buffer === null) return handle(event, true);
    buffer.push(event);
    if (buffer.length > MAX_HANDOVER_BUFFER) channel.end('dropped: too much arrived during catch-up; reconnect with Last-Event-ID to resume');
  });
  channel.whenClosed(stop);

  // The catch-up covers the log up to a head read after the listener was registered; the feed
  // brings everything after it. Reading the streams one by one without that cut could take a
  // newer event of one stream while an older one of another came after its read, and lose it.
  const head = await store.headPosition();
  const history = (await Promise.all(view.streams.map((s) => readWhole(store, s)))).flat().filter((e) => e.position <= head).sort(inLogOrder);
  // All rendered before any is sent: whether the caller may see them is judged as of the head.
  const rendered = history.map((event) => ({ position: event.position, rendered: view.render(event, false) }));
  const lastRead: Position = history.length ? history[history.length - 1].position : START_POSITION;
  lastSeen = head > lastRead ? head : lastRead;
  if (view.stillVisible?.() === false) return channel.end(WITHDRAWN);
  for (const r of rendered) {
    if (!channel.isOpen) return;
    if (r.rendered && r.position > after) {
      await channel.sendPaced(r.rendered.message);
      if (r.rendered.final) return channel.end();
    }
  }
  if (!channel.isOpen) return;
  const immediate = view.caughtUp?.(lastRead) ?? null;
  if (immediate) return emit(immediate);
  const pending: RecordedEvent[] = buffer;
  buffer = null;
  for (const event of pending) handle(event, true);
};
