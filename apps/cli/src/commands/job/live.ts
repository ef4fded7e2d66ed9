import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, type ApiClient } from '../../api-client';
import { isComment, openSse, readSse, type SseEvent } from '../../sse-client';

/** Reconnections in a row that brought nothing before giving up. */
const MAX_IDLE_RECONNECTS = 5;
const RECONNECT_DELAY_MS = 1_000;

/**
 * The events of a stream, across reconnections: when the server ends the stream without the
 * consumer having stopped (a restart, a slow-client drop, a shutdown), it reconnects with
 * the last id seen, so nothing is lost or repeated. A refusal (4xx) is thrown at once, and so
 * is any failure to open the stream the first time: there is nothing to get back yet, the
 * --url or the server is wrong (SERVER_UNREACHABLE, or the server's error, for reportFailure).
 */
export async function* liveEvents(client: ApiClient, path: () => string): AsyncGenerator<SseEvent> {
  let lastEventId: string | undefined;
  let opened = false;
  let idle = 0;
  for (;;) {
    let progressed = false;
    let failure: unknown;
    try {
      const body = await openSse(new URL(path(), client.baseUrl), { token: client.token, lastEventId });
      opened = true;
      for await (const item of readSse(body)) {
        if (isComment(item)) continue;
        if (item.id !== undefined) lastEventId = item.id;
        progressed = true;
        yield item;
      }
    } catch (e) {
      if (!opened || (e instanceof ApiError && e.status < 500)) throw e;
      failure = e;
    }
    idle = progressed ? 0 : idle + 1;
    // Giving up on a server that went away says why (SERVER_UNREACHABLE, its 5xx); one that kept
    // ending the stream without an event gets its own message.
    if (idle >= MAX_IDLE_RECONNECTS) throw failure ?? new Error(`lost the stream ${path()} and could not get it back`);
    await sleep(RECONNECT_DELAY_MS);
  }
}
