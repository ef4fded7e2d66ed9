/**
 * How long a job that ended `waiting` stays out of the ready queue: 30 s after the first
 * wait, doubling with each consecutive one (60 s, 120 s, …), never more than one hour. A
 * worker that keeps answering "not yet" thus polls ever more slowly instead of in a tight loop.
 */
export const WAIT_BACKOFF = { baseSeconds: 30, factor: 2, maxSeconds: 3600 } as const;

/** `consecutiveWaits` counts this wait too (1 for the first). */
export const waitBackoffSeconds = (consecutiveWaits: number): number =>
  Math.min(WAIT_BACKOFF.maxSeconds, WAIT_BACKOFF.baseSeconds * WAIT_BACKOFF.factor ** Math.max(0, consecutiveWaits - 1));

export const addSeconds = (iso: string, seconds: number): string => new Date(Date.parse(iso) + seconds * 1000).toISOString();
