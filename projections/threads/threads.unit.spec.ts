import { SYSTEM_ACTOR } from '../../libs/domain/src/shared/actor';
import { coordinationKey, threadIdFor } from '../../libs/domain/src/thread/keys';
import { docOf, MemoryReadStore, project, recorded, resetLog } from '../testing';
import { threadsProjection, THREAD_MESSAGES, THREADS, type ThreadDoc, type ThreadMessageDoc } from '.';

beforeEach(resetLog);

const key = coordinationKey('acme-0000000a');
const threadId = threadIdFor(key);
const stream = `thread-${threadId}`;
const story = () => [
  recorded(stream, 'ThreadOpened', { key }),
  recorded(stream, 'MessagePosted', { kind: 'status', body: 'acme-0000000a.1 done', author: SYSTEM_ACTOR }),
  recorded(stream, 'MessagePosted', { kind: 'question', body: 'which branch?', author: { id: 'agent:a1', role: 'agent' } }),
];

describe('threads', () => {
  it('keeps the thread (its parent job and project) and each message with its sequence number', async () => {
    const events = story();
    const out = await project(threadsProjection, events);
    expect(docOf<ThreadDoc>(out, THREADS, threadId)).toMatchObject({
      threadId, key, jobId: 'acme-0000000a', projectSlug: 'acme', messageCount: 2, lastMessageAt: events[2].metadata.occurredAt,
    });
    const messages = (out.get(THREAD_MESSAGES) ?? []) as ThreadMessageDoc[];
    expect(messages.map((m) => [m.seq, m.kind, m.body])).toEqual([[1, 'status', 'acme-0000000a.1 done'], [2, 'question', 'which branch?']]);
    expect(messages[1].author).toEqual({ id: 'agent:a1', role: 'agent' });
  });

  it('is idempotent: the same events delivered again change nothing', async () => {
    const events = story();
    const store = new MemoryReadStore();
    const once = await project(threadsProjection, events, store);
    expect(await project(threadsProjection, events, store)).toEqual(once);
  });

  it('a thread under another key belongs to no job', async () => {
    const out = await project(threadsProjection, [recorded(`thread-${threadIdFor('ops')}`, 'ThreadOpened', { key: 'ops' })]);
    expect(docOf<ThreadDoc>(out, THREADS, threadIdFor('ops'))).toMatchObject({ jobId: null, projectSlug: null, messageCount: 0 });
  });

  it('dates a message and the thread\'s last one by when they were stored, so times follow seq even for a status dated at its trigger', async () => {
    const opened = recorded(stream, 'ThreadOpened', { key });
    const question = recorded(stream, 'MessagePosted', { kind: 'question', body: 'which branch?', author: { id: 'agent:a1', role: 'agent' } });
    // The thread-status reactor reports a child's end dated at that end, which came before the
    // question, and appends the report after it.
    const status = recorded(stream, 'MessagePosted', { kind: 'status', body: 'acme-0000000a.1 done', author: SYSTEM_ACTOR }, {
      occurredAt: new Date(Date.parse(question.metadata.occurredAt) - 30_000).toISOString(),
      recordedAt: new Date(Date.parse(question.recordedAt) + 1).toISOString(),
    });
    const out = await project(threadsProjection, [opened, question, status]);
    const messages = (out.get(THREAD_MESSAGES) ?? []) as ThreadMessageDoc[];
    expect(messages.map((m) => [m.seq, m.postedAt])).toEqual([[1, question.recordedAt], [2, status.recordedAt]]);
    expect(messages[1].postedAt > messages[0].postedAt).toBe(true);
    expect(docOf<ThreadDoc>(out, THREADS, threadId)).toMatchObject({ lastMessageAt: status.recordedAt, updatedAt: status.recordedAt, createdAt: opened.metadata.occurredAt });
  });
});
