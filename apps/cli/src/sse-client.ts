import { ApiError } from './api-client';
import { whenAdmitted } from './rate-limited';

/** One server-sent event as it arrived; `comment` lines (keep-alives, reasons for an end) separately. */
export type SseEvent = { readonly id?: string; readonly event: string; readonly data: string };
export type SseItem = SseEvent | { readonly comment: string };

export const isComment = (item: SseItem): item is { readonly comment: string } => 'comment' in item;

const parseBlock = (block: string): SseItem[] => {
  const items: SseItem[] = [];
  let id: string | undefined;
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) { items.push({ comment: line.slice(1).trim() }); continue; }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length > 0) items.push({ ...(id !== undefined && { id }), event, data: data.join('\n') });
  return items;
};

/** The events of a `text/event-stream` body, as they come, until the server ends it. */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseItem> {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    pending += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = pending.indexOf('\n\n')) !== -1) {
      const block = pending.slice(0, end);
      pending = pending.slice(end + 2);
      yield* parseBlock(block);
    }
  }
}

/** Opens a stream; a refusal (401, 403, 404, 400…) is thrown as the API's error. */
export const openSse = async (url: string | URL, options: { token?: string; lastEventId?: string; signal?: AbortSignal } = {}): Promise<ReadableStream<Uint8Array>> => {
  const response = await whenAdmitted(() => fetch(url, {
    headers: {
      accept: 'text/event-stream',
      ...(options.token && { authorization: `Bearer ${options.token}` }),
      ...(options.lastEventId && { 'last-event-id': options.lastEventId }),
    },
    signal: options.signal,
  }), options.signal);
  if (!response.ok || !response.body) {
    const text = await response.text();
    let body: ApiError['body'] = {};
    try { body = JSON.parse(text) as ApiError['body']; } catch { /* not JSON */ }
    throw new ApiError(response.status, body);
  }
  return response.body;
};
