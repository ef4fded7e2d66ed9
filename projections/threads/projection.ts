import type { MessageAuthor, MessageKind } from '../../libs/domain/src/thread/events';
import { jobOfKey } from '../../libs/domain/src/thread/keys';
import { projectOfJobId } from '../../libs/domain/src/shared/ids';
import { idOf } from '../../libs/domain/src/shared/streams';
import type { RecordedEvent } from '../../libs/eventstore/src/port';
import type { ProjectionWriter } from '../../libs/readstore/src/port';
import type { Projection } from '../projection';
import { isEvent } from '../shared/events';
import { alreadyApplied, changedAt, positionOf, touched } from '../shared/position';

export const THREADS = 'threads';
export const THREAD_MESSAGES = 'thread_messages';

/** A thread: what it coordinates and how far it has gone. Its messages are documents of their own. */
export type ThreadDoc = {
  readonly _id: string;
  readonly threadId: string;
  readonly key: string;
  /** The parent job of a `coord:job:{jobId}` thread (null for any other key). */
  readonly jobId: string | null;
  readonly projectSlug: string | null;
  readonly messageCount: number;
  /** When its newest message was stored (`postedAt`). */
  readonly lastMessageAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastPosition: string;
};

/** One message; `seq` is its revision in the thread stream, the cursor readers page with. */
export type ThreadMessageDoc = {
  readonly _id: string;
  readonly threadId: string;
  readonly seq: number;
  readonly kind: MessageKind;
  readonly body: string;
  readonly author: MessageAuthor;
  /**
   * When the event store recorded it (`changedAt`), not when it was decided: a status post is
   * dated at the event it reports and appended later, so only this time follows `seq`.
   */
  readonly postedAt: string;
  readonly lastPosition: string;
};

const apply = async (event: RecordedEvent, writer: ProjectionWriter): Promise<void> => {
  const threadId = idOf(event.streamId);
  const doc = await writer.get<ThreadDoc>(THREADS, threadId);
  if (isEvent(event, 'ThreadOpened')) {
    if (doc) return;
    const jobId = jobOfKey(event.data.key);
    writer.put(THREADS, {
      _id: threadId, threadId, key: event.data.key, jobId, projectSlug: jobId && projectOfJobId(jobId),
      messageCount: 0, lastMessageAt: null, createdAt: event.metadata.occurredAt, updatedAt: changedAt(event), lastPosition: positionOf(event),
    } satisfies ThreadDoc);
    return;
  }
  if (!isEvent(event, 'MessagePosted') || !doc) return;
  const { kind, body, author } = event.data;
  const message: ThreadMessageDoc = {
    _id: `${threadId}:${event.revision}`, threadId, seq: event.revision, kind, body, author, postedAt: changedAt(event), lastPosition: positionOf(event),
  };
  // Each document by its own guard: on a standalone MongoDB a batch is written collection by
  // collection, so the thread may have been counted while its message was not (or the reverse).
  if (!(await writer.get(THREAD_MESSAGES, message._id))) writer.put(THREAD_MESSAGES, message);
  if (!alreadyApplied(doc, event)) writer.put(THREADS, { ...touched(doc, event), messageCount: doc.messageCount + 1, lastMessageAt: message.postedAt });
};

export const threadsProjection: Projection = {
  name: 'threads',
  collections: [
    { name: THREADS, indexes: [{ name: 'job', fields: [['jobId', 1]] }, { name: 'key', fields: [['key', 1]] }] },
    { name: THREAD_MESSAGES, indexes: [{ name: 'thread_seq', fields: [['threadId', 1], ['seq', 1]] }] },
  ],
  eventTypes: ['ThreadOpened', 'MessagePosted'],
  apply,
};
