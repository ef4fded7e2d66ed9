import { setTimeout as sleep } from 'node:timers/promises';

/** How many times a request refused with 429 is sent again before the refusal is the answer. */
export const RATE_LIMIT_RETRIES = 8;
/** The longest a `Retry-After` is waited for; a server asking longer is answered with its 429. */
const LONGEST_WAIT_MS = 30_000;

/**
 * Sends a request until the server's rate limiter lets it through: a 429 (which appended
 * nothing) is waited out for its `Retry-After` (1 s when it says none) and sent again, up to
 * `RATE_LIMIT_RETRIES` times. Every other answer, and the last 429, is returned as it is.
 */
export const whenAdmitted = async (send: () => Promise<Response>, signal?: AbortSignal): Promise<Response> => {
  for (let retry = 0; ; retry++) {
    const response = await send();
    if (response.status !== 429 || retry >= RATE_LIMIT_RETRIES) return response;
    const seconds = Number(response.headers.get('retry-after') ?? '1');
    const waitMs = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 1000;
    if (waitMs > LONGEST_WAIT_MS) return response;
    await response.body?.cancel();
    await sleep(waitMs, undefined, { signal });
  }
};
