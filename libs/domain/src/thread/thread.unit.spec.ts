import { SYSTEM_ACTOR, type Actor } from '../shared/actor';
import { spec } from '../testing/decider-specification';
import { threadDecider } from './decider';
import type { ThreadEvent } from './events';
import { coordinationKey, jobOfKey, threadIdFor } from './keys';
import { statusSummary } from './status-summary';

const thread = spec(threadDecider);
const key = coordinationKey('proj-0a1b2c3d');
const opened: ThreadEvent = { type: 'ThreadOpened', data: { key } };
const agentActor: Actor = { id: 'agent:a1', role: 'agent' };
const posted = (body: string, kind: 'status' | 'question' = 'question', author: Actor = agentActor): ThreadEvent => ({
  type: 'MessagePosted', data: { kind, body, author },
});

describe('thread', () => {
  it('opens once: a second open decides nothing', () => {
    thread.given([]).when({ type: 'OpenThread', key }).then([opened]);
    thread.given([opened]).when({ type: 'OpenThread', key }).thenNothing();
  });

  it('posts a message to an open thread, trimmed', () => {
    thread.given([opened]).when({ type: 'PostMessage', kind: 'question', body: ' which branch? ', author: agentActor }).then([posted('which branch?')]);
  });

  it('refuses a post to a thread that does not exist, unless the post may open it', () => {
    thread.given([]).when({ type: 'PostMessage', kind: 'question', body: 'hi', author: agentActor }).thenThrows('THREAD_NOT_FOUND', { kind: 'not_found' });
    thread.given([]).when({ type: 'PostMessage', kind: 'status', body: 'done', author: SYSTEM_ACTOR, openWithKey: key })
      .then([opened, posted('done', 'status', SYSTEM_ACTOR)]);
  });

  it('refuses unknown kinds, empty and overlong bodies', () => {
    thread.given([opened]).when({ type: 'PostMessage', kind: 'shout' as never, body: 'x', author: agentActor }).thenThrows('INVALID_MESSAGE_KIND', { kind: 'validation' });
    thread.given([opened]).when({ type: 'PostMessage', kind: 'update', body: '  ', author: agentActor }).thenThrows('FIELD_REQUIRED');
    thread.given([opened]).when({ type: 'PostMessage', kind: 'update', body: 'x'.repeat(20_001), author: agentActor }).thenThrows('FIELD_TOO_LONG');
  });

  it('derives one thread id per key and reads the parent job back from the key', () => {
    expect(threadIdFor(key)).toBe(threadIdFor(coordinationKey('proj-0a1b2c3d')));
    expect(threadIdFor(key)).not.toBe(threadIdFor(coordinationKey('proj-0a1b2c3e')));
    expect(jobOfKey(key)).toBe('proj-0a1b2c3d');
    expect(jobOfKey('something-else')).toBeNull();
  });

  it('summarises how a child attempt ended', () => {
    const child = { jobId: 'proj-0a1b2c3d.1', title: 'Write tests' };
    expect(statusSummary(child, 2, { type: 'ServiceEventFailed', data: { serviceEventId: 's', reason: 'harness crashed' } }))
      .toBe('proj-0a1b2c3d.1 "Write tests" — attempt 2 failed: harness crashed');
    expect(statusSummary(child, 1, { type: 'ServiceEventCompleted', data: { serviceEventId: 's', completedAt: 'now', summary: 'all green' } }))
      .toBe('proj-0a1b2c3d.1 "Write tests" — attempt 1 completed: all green');
    expect(statusSummary(child, 1, { type: 'ServiceEventWaiting', data: { serviceEventId: 's', summary: 'needs input', reason: 'blocked on API key' } }))
      .toContain('waiting: needs input (blocked on API key)');
    expect(statusSummary(child, 1, { type: 'JobCancelled', data: { reason: 'scope cut' } })).toContain('attempt 1 released: the job was cancelled (scope cut)');
  });
});
