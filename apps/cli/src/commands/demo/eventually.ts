import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError } from '../../api-client';

/**
 * The demo reads back what it just did. A server that answered `settled: false` (a busy or
 * stopped worker, or JOBLEDGER_SETTLE_TIMEOUT_MS=0) has acknowledged the command, but its read
 * models may not show it yet: read again until `ready` holds (a 404 counts as not yet), for up to
 * `timeoutMs`; after that, the last answer (or error) is what the demo prints.
 */
export const eventually = async <T>(read: () => Promise<T>, ready: (value: T) => boolean = () => true, timeoutMs = 15_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await read();
      if (ready(value) || Date.now() >= deadline) return value;
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404) || Date.now() >= deadline) throw e;
    }
    await sleep(100);
  }
};
