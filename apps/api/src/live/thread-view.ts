import { streams } from '../../../../libs/domain/src/shared/streams';
import type { MessagePosted } from '../../../../libs/domain/src/thread/events';
import type { StreamView } from './resumable-stream';

/** `GET /threads/:id/stream`: each posted message (`event: message`), shaped as `GET /threads/:id/messages` shows it. */
export const threadView = (threadId: string): StreamView => ({
  streams: [streams.thread(threadId)],
  stateless: [streams.thread(threadId)],
  render: (e) => {
    if (e.type !== 'MessagePosted') return null;
    const { kind, body, author } = e.data as MessagePosted['data'];
    return { message: { id: e.position, event: 'message', data: { position: e.position, threadId, seq: e.revision, kind, body, author, postedAt: e.recordedAt } } };
  },
});
