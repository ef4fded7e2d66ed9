import { ApiError } from '../../../cli/src/api-client';
import { isComment, openSse, readSse, type SseEvent } from '../../../cli/src/sse-client';

/** Messages are whatever JSON the route sends: tests assert on their shape, so `any` is honest here. */
export type Received = { id?: string; event: string; data: any };
export type Collected = { events: Received[]; comments: string[]; ended: boolean };

/**
 * Reads a stream until `until` says enough (then disconnects), the server ends it, or
 * `boundMs` passes (a bound on a hung test, not a speed assertion: a test reading fewer
 * events than it expects fails on its own assertions).
 */
export const collect = async (
  s: { readonly url: string },
  path: string,
  token: string,
  options: { lastEventId?: string; until?: (events: Received[]) => boolean; boundMs?: number; onOpen?: () => void | Promise<void> } = {},
): Promise<Collected> => {
  const abort = new AbortController();
  const bound = setTimeout(() => abort.abort(), options.boundMs ?? 15_000);
  const result: Collected = { events: [], comments: [], ended: false };
  try {
    const body = await openSse(`${s.url}${path}`, { token, lastEventId: options.lastEventId, signal: abort.signal });
    await options.onOpen?.();
    for await (const item of readSse(body)) {
      if (isComment(item)) { result.comments.push(item.comment); continue; }
      result.events.push(toReceived(item));
      if (options.until?.(result.events)) { abort.abort(); return result; }
    }
    result.ended = true;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    if (!abort.signal.aborted) throw e;
  } finally {
    clearTimeout(bound);
  }
  return result;
};

const toReceived = (e: SseEvent): Received => ({ ...(e.id !== undefined && { id: e.id }), event: e.event, data: JSON.parse(e.data) });

/** The error a refused stream answers (status and code), for authorization tests. */
export const refusal = async (s: { readonly url: string }, path: string, token: string): Promise<{ status: number; code?: string }> => {
  try {
    await collect(s, path, token, { until: () => true, boundMs: 5_000 });
    return { status: 200 };
  } catch (e) {
    if (e instanceof ApiError) return { status: e.status, code: e.body.error?.code };
    throw e;
  }
};
