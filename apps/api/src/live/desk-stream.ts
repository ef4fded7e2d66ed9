import { isDeepStrictEqual } from 'node:util';
import type { Settler } from '../../../../libs/application/src/commands/command-gateway';
import { streams } from '../../../../libs/domain/src/shared/streams';
import type { EventStore, Position } from '../../../../libs/eventstore/src/port';
import { toHttpError } from '../errors/error.filter';
import { DeskWatch, type DeskWatchReads } from './desk-watch';
import type { LiveFeed } from './live-feed';
import type { SseChannel } from './sse-channel';

/** How long a refresh waits for the read model to reach the event that prompted it. */
const SETTLE_MS = 5_000;

export type DeskStreamDeps = { readonly feed: LiveFeed; readonly store: EventStore; readonly settler: Settler; readonly reads: DeskWatchReads };

/**
 * `GET /operators/:slug/desk/stream`: the desk is a state, not a log, so each message
 * (`event: desk`) is the whole desk document, re-read (with the same authorization as
 * `GET /operators/:slug/desk`) once the read model has caught up with the event that may
 * have changed it, and sent only when it did change. Its id is that event's position. A
 * client resuming with Last-Event-ID gets the current desk at once, which is all it missed.
 * Only events that can change this desk prompt a re-read (`DeskWatch`): another operator's
 * jobs cost it nothing. Refreshes are coalesced: a burst of job events costs one re-read.
 * When the operator's access leaves `active`, the stream says so (`event: error`) and ends.
 */
export const runDeskStream = async (channel: SseChannel, deps: DeskStreamDeps, slug: string, readDesk: () => Promise<unknown>): Promise<void> => {
  await deps.feed.ready();
  const watch = new DeskWatch(slug, deps.reads, (position) => deps.settler.settle(position, SETTLE_MS));
  let wanted: Position | null = null;
  let refreshing = false;
  let sent: unknown = undefined;

  const refresh = async (position: Position): Promise<void> => {
    await deps.settler.settle(position, SETTLE_MS);
    if (!channel.isOpen) return;
    try {
      const desk = await readDesk();
      if (!isDeepStrictEqual(desk, sent)) channel.send({ id: position, event: 'desk', data: desk });
      sent = desk;
    } catch (e) {
      channel.send({ id: position, event: 'error', data: toHttpError(e).body });
      channel.end();
    }
  };
  const drainRefreshes = async (): Promise<void> => {
    if (refreshing) return;
    refreshing = true;
    while (wanted !== null && channel.isOpen) {
      const position: Position = wanted;
      wanted = null;
      await refresh(position);
    }
    refreshing = false;
  };
  const want = (position: Position) => {
    wanted = wanted === null || position > wanted ? position : wanted;
    // Runs beside the feed, which must never see its failure (a store closing at shutdown…).
    drainRefreshes().catch(() => channel.end('error: the desk could not be read; reconnect to resume'));
  };

  // Listen first, then read the head: an event after the head read is heard, one before it is in the first read.
  const stop = deps.feed.listen({ streams: [streams.operator(slug)], prefixes: ['job-', 'signal-'] }, (e) => {
    if (watch.concerns(e)) want(e.position);
  });
  channel.whenClosed(stop);
  const head = await deps.store.headPosition();
  want(head);
  // The watch starts beside the first read; until it knows the desk's jobs, every event concerns the desk.
  void watch.start(head);
};
