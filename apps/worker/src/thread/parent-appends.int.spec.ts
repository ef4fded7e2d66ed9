import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newEvent } from '../../../../libs/eventstore/contract/fixtures';
import { ConcurrencyError, DuplicateEventIdError } from '../../../../libs/eventstore/src/errors';
import { SqliteEventStore } from '../../../../libs/eventstore/src/sqlite/sqlite-event-store';
import { ParentAppends } from './parent-appends';
import type { ThreadMessage } from './protocol';
import { makeThreadAppends } from './thread-appends';

describe('ParentAppends: the processors\' thread appends through the API thread', () => {
  let dir: string;
  let apiStore: SqliteEventStore;
  let threadStore: SqliteEventStore;
  let sent: Extract<ThreadMessage, { type: 'appends' }>[];
  let store: ParentAppends;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jobledger-parent-appends-'));
    apiStore = SqliteEventStore.open({ file: join(dir, 'events.sqlite') });
    threadStore = SqliteEventStore.open({ file: join(dir, 'events.sqlite') });
    sent = [];
    // The API thread's side, as ProcessorsThread.start answers (messages cloned as postMessage would).
    store = new ParentAppends(threadStore, (message) => {
      const copy = structuredClone(message);
      sent.push(copy);
      makeThreadAppends(apiStore, copy, (reply) => store.receive(structuredClone(reply)));
    });
  });
  afterEach(async () => {
    await store.close();
    await apiStore.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends on the other connection and reads its own connection\'s view of it', async () => {
    const result = await store.append('job-1', [newEvent('A'), newEvent('B')], 'no_stream');
    expect(result.nextExpectedRevision).toBe(1);
    expect(sent.map((m) => m.appends.map((a) => a.streamId))).toEqual([['job-1']]);
    expect((await store.readStream('job-1')).map((e) => e.type)).toEqual(['A', 'B']);
  });

  it('sends the appends of one synchronous run together, and they are written in call order', async () => {
    const results = await Promise.all(['r-1', 'r-2', 'r-3'].map((streamId) => store.append(streamId, [newEvent('RecordSealed')], 'no_stream')));
    expect(sent).toHaveLength(1);
    expect(sent[0].appends.map((a) => a.streamId)).toEqual(['r-1', 'r-2', 'r-3']);
    const positions = results.map((r) => r.position);
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
  });

  it('gives back the store\'s own errors as their classes', async () => {
    await store.append('job-1', [newEvent('A')], 'no_stream');
    await expect(store.append('job-1', [newEvent('B')], 'no_stream')).rejects.toBeInstanceOf(ConcurrencyError);
    const reused = newEvent('C');
    await store.append('job-2', [reused], 'no_stream');
    await expect(store.append('job-3', [newEvent('D'), reused], 'no_stream')).rejects.toBeInstanceOf(DuplicateEventIdError);
  });

  it('fails appends still unanswered when it closes, and refuses new ones', async () => {
    const silent = new ParentAppends(threadStore, () => undefined);
    const unanswered = silent.append('job-1', [newEvent('A')], 'any');
    silent.refusePending();
    await expect(unanswered).rejects.toThrow(/closed before the API thread answered/);
    await expect(silent.append('job-1', [newEvent('A')], 'any')).rejects.toThrow(/closed/);
  });
});
