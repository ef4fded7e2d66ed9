import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, type ApiClient } from '../../api-client';
import { isComment, openSse, readSse, type SseEvent } from '../../sse-client';

/** Reconnections in a row that brought nothing before giving up. */
const MAX_IDLE_RECONNECTS = 5;
const RECONNECT_DELAY_MS = 1_000;

/**
 * The events of a stream, across reconnections: when the server ends the stream without the
 * consumer having stopped (a restart, a slow-client drop, a shutdown), it reconnects with
 * the last id seen, so nothing is lost or repeated. A refusal (4xx) is thrown at once.
 */
export async function* liveEvents(client: ApiClient, path: () => string): AsyncGenerator<SseEvent> {
  let lastEventId: string | undefined;
  let idle = 0;
  for (;;) {
    let progressed = false;
    try {
      const body = await openSse(new URL(path(), client.baseUrl), { token: client.token, lastEventId });
      for await (const item of readSse(body)) {
        if (isComment(item)) continue;
        if (item.id !== undefined) lastEventId = item.id;
        progressed = true;
        yield item;
      }
    } catch (e) {
      if (e instanceof ApiError && e.status < 500) throw e;
    }
    idle = progressed ? 0 : idle + 1;
    if (idle >= MAX_IDLE_RECONNECTS) throw new Error(`lost the stream ${path()} and could not get it back`);
    await sleep(RECONNECT_DELAY_MS);
  }
}
