import type { RecordedEvent } from '../../../eventstore/src/port';
import { eventLag, processorState } from './processor-state';

const event = (position: bigint, recordedAt: string) => ({ position, recordedAt }) as RecordedEvent;
const NOW = Date.parse('2026-03-02T09:00:10.000Z');
const local = { name: 'jobs', running: true, caughtUp: true, lastError: null };

describe('processor lag', () => {
  it('counts the unprocessed events and ages the oldest', () => {
    expect(eventLag([], 100, NOW)).toEqual({ events: 0, capped: false, oldestUnprocessedMs: 0 });
    expect(eventLag([event(5n, '2026-03-02T09:00:07.500Z'), event(9n, '2026-03-02T09:00:09.000Z')], 100, NOW)).toEqual({ events: 2, capped: false, oldestUnprocessedMs: 2500 });
  });

  it('says when the count stopped at its cap, and never ages an event negatively (clock skew)', () => {
    const lag = eventLag([event(1n, '2026-03-02T09:00:11.000Z'), event(2n, '2026-03-02T09:00:11.000Z')], 2, NOW);
    expect(lag).toEqual({ events: 2, capped: true, oldestUnprocessedMs: 0 });
  });
});

describe('processor state', () => {
  const none = { events: 0, capped: false, oldestUnprocessedMs: 0 };
  const behind = { events: 3, capped: false, oldestUnprocessedMs: 40 };

  it('reads a local runner first: stopped, failing, then rebuilding, catching up or running', () => {
    expect(processorState({ ...local, running: false }, none, true)).toBe('stopped');
    expect(processorState({ ...local, caughtUp: false, lastError: 'Error: disk' }, behind, false)).toBe('failing');
    expect(processorState({ ...local, lastError: 'Error: once' }, none, false)).toBe('running'); // failed once, caught up since
    expect(processorState(local, none, true)).toBe('rebuilding');
    expect(processorState({ ...local, caughtUp: false }, none, false)).toBe('catching_up');
    expect(processorState(local, behind, false)).toBe('catching_up');
    expect(processorState(local, none, false)).toBe('running');
  });

  it('says refused before anything else, whether the runner is here (stopped) or nowhere (its checkpoint, beyond the head, looks caught up)', () => {
    expect(processorState({ ...local, running: false, lastError: 'CheckpointAheadOfLog: …' }, none, false, true)).toBe('refused');
    expect(processorState(undefined, none, false, true)).toBe('refused');
    expect(processorState(undefined, none, true, true)).toBe('refused');
  });

  it('without a local runner, judges by the stored checkpoint alone', () => {
    expect(processorState(undefined, none, false)).toBe('running');
    expect(processorState(undefined, behind, false)).toBe('catching_up');
    expect(processorState(undefined, none, true)).toBe('rebuilding');
  });
});
