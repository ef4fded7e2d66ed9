import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, type ApiClient } from '../../api-client';
import { isComment, openSse, readSse, type SseEvent } from '../../sse-client';

/** The wait before the first reconnection, doubled after each that failed, up to the longest. */
const FIRST_DELAY_MS = 500;
const LONGEST_DELAY_MS = 5_000;
/** A stream open this long is taken as got back, even without an event (a quiet job). */
const STEADY_MS = 5_000;

/** How long is left to get a lost stream back (≤ 0: give up), given since when it has been lost. */
export type Patience = (lostSince: number, now: number) => number;

/** For this long after the stream was lost (`job follow`). */
export const patientFor = (ms: number): Patience => (lostSince, now) => lostSince + ms - now;

/** Until the caller's own deadline (`job wait --timeout`). */
export const patientUntil = (deadline: number): Patience => (_lostSince, now) => deadline - now;

export type Clock = { now(): number; sleep(ms: number): Promise<unknown> };
const realClock: Clock = { now: () => Date.now(), sleep: (ms) => sleep(ms) };

/**
 * The events of a stream, across reconnections: when the server ends the stream without the
 * consumer having stopped (a restart, a slow-client drop, a shutdown), it reconnects with
 * the last id seen, so nothing is lost or repeated. A restart takes seconds during which the
 * server refuses connections or answers 503 SHUTTING_DOWN: reconnections back off (0.5 s,
 * doubling to 5 s) for as long as `patience` allows, counted from when the stream was lost,
 * then give up with the last reason (SERVER_UNREACHABLE, the server's error). A stream that
 * ends at once without an event, again and again, is not got back.
 *
 * A refusal (4xx) is thrown at once, and so is any failure to open the stream the first time:
 * there is nothing to get back yet, the --url or the server is wrong (for reportFailure).
 */
export async function* liveEvents(client: ApiClient, path: () => string, patience: Patience, clock: Clock = realClock): AsyncGenerator<SseEvent> {
  let lastEventId: string | undefined;
  let opened = false;
  let lostSince: number | null = null;
  let delay = FIRST_DELAY_MS;
  for (;;) {
    let openedAt: number | null = null;
    let progressed = false;
    let failure: unknown;
    try {
      const body = await openSse(client.url(path()), { token: client.token, lastEventId });
      opened = true;
      openedAt = clock.now();
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
    if (progressed || (openedAt !== null && clock.now() - openedAt >= STEADY_MS)) {
      lostSince = null;
      delay = FIRST_DELAY_MS;
    }
    lostSince ??= clock.now();
    const left = patience(lostSince, clock.now());
    // Giving up on a server that went away says why; one that kept ending the stream without an event gets its own message.
    if (left <= 0) throw failure ?? new Error(`lost the stream ${path()} and could not get it back`);
    await clock.sleep(Math.min(delay, left));
    delay = Math.min(2 * delay, LONGEST_DELAY_MS);
  }
}
