import { START_POSITION, type EventStore, type Position, type RecordedEvent } from '../../../../libs/eventstore/src/port';
import { firstRevisionAfter } from '../../../../libs/application/src/audit/stream-page';
import { ArrayCursor, merged, StreamCursor, type Cursor } from './catch-up-reads';
import type { LiveFeed } from './live-feed';
import type { SseChannel, SseMessage } from './sse-channel';

export type Rendered = { readonly message: SseMessage; readonly final?: boolean } | null;

/** What one route streams: which streams, and how their events become messages. */
export type StreamView = {
  readonly streams: readonly string[];
  /**
   * Of `streams`, those whose events are rendered each on its own, with no state folded from
   * the ones before (log lines, thread messages): a resume reads them only from its point on.
   */
  readonly stateless?: readonly string[];
  /**
   * Sees every event of the other streams once, in global order, including those at or before
   * the resume point (so that a view can fold state), and the events of `stateless` streams
   * after it; only messages after the resume point are sent.
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

/** A message of a folded stream, made during catch-up and sent after it. */
type Kept = { readonly position: Position; readonly rendered: NonNullable<Rendered> };

const WITHDRAWN = 'closed: the caller may no longer see this';

/** Live events a client may have waiting while its catch-up reads the store. */
export const MAX_HANDOVER_BUFFER = 10_000;
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
  const wanted = () => channel.isOpen;
  const stateless = new Set(view.stateless ?? []);
  let lastRead: Position = START_POSITION;
  const read = (event: RecordedEvent): RecordedEvent => {
    if (event.position > lastRead) lastRead = event.position;
    return event;
  };

  // First the folded streams, whole: whether the caller may see anything is judged as of the
  // head, before anything is sent. Only the messages after the resume point are kept.
  const kept: Kept[] = [];
  const folded = view.streams.filter((s) => !stateless.has(s)).map((s) => new StreamCursor(store, s, 0, head, wanted));
  for await (const event of merged(folded)) {
    const rendered = view.render(read(event), false);
    if (rendered && event.position > after) kept.push({ position: event.position, rendered });
  }
  if (!channel.isOpen) return;
  if (view.stillVisible?.() === false) return channel.end(WITHDRAWN);

  // Then those messages, and the stateless streams from the resume point on, in log order, at
  // the pace the client reads.
  const sources: Cursor<Kept | RecordedEvent>[] = [new ArrayCursor(kept)];
  for (const s of view.streams.filter((s) => stateless.has(s))) {
    const from = after === START_POSITION ? 0 : await firstRevisionAfter(store, s, await store.streamRevision(s), after);
    sources.push(new StreamCursor(store, s, from, head, wanted));
  }
  for await (const item of merged(sources)) {
    if (!channel.isOpen) return;
    const rendered = 'rendered' in item ? item.rendered : view.render(read(item), false);
    if (rendered) {
      await channel.sendPaced(rendered.message);
      if (rendered.final) return channel.end();
    }
  }
  lastSeen = head; // every cursor stopped at it: the feed brings what follows
  if (!channel.isOpen) return;
  const immediate = view.caughtUp?.(lastRead) ?? null;
  if (immediate) return emit(immediate);
  const pending: RecordedEvent[] = buffer;
  buffer = null;
  for (const event of pending) handle(event, true);
};
