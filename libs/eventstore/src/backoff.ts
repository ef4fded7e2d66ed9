const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 5000;

/** Delay before retry number `attempt` (1-based): 100 ms, 200 ms, 400 ms … capped at 5 s. */
export const backoffDelay = (attempt: number): number =>
  Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
