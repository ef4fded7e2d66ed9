import type { RecordedEvent } from '../port';
import { LogTail } from './log-tail';

const event = (position: number, type = 'A'): RecordedEvent => ({
  id: `e${position}`,
  streamId: `job-${position % 3}`,
  revision: 0,
  position: BigInt(position),
  type,
  data: {},
  metadata: {} as RecordedEvent['metadata'],
  recordedAt: '2025-01-01T00:00:00.000Z',
});

const positions = (events: readonly RecordedEvent[]) => events.map((e) => Number(e.position));
const all = () => true;

describe('LogTail', () => {
  it('starts empty at the head it is given, covering only reads from there on', () => {
    const tail = new LogTail(10n, { maxEvents: 5, maxBytes: 1000 });
    expect([tail.start, tail.end, tail.eventCount]).toEqual([10n, 10n, 0]);
    expect(tail.covers(9n)).toBe(false);
    expect(tail.covers(10n)).toBe(true);
    expect(tail.select(10n, 10, all)).toEqual([]);
  });

  it('selects the first matching events after a position, in order, up to a count', () => {
    const tail = new LogTail(0n, { maxEvents: 100, maxBytes: 1000 });
    tail.extend([1, 2, 3, 5, 8].map((p) => event(p, p % 2 ? 'A' : 'B')), [1, 1, 1, 1, 1], 9n);
    expect(tail.end).toBe(9n); // the head of the snapshot, even past the last event
    expect(positions(tail.select(0n, 10, all))).toEqual([1, 2, 3, 5, 8]);
    expect(positions(tail.select(2n, 2, all))).toEqual([3, 5]);
    expect(positions(tail.select(4n, 10, all))).toEqual([5, 8]);
    expect(positions(tail.select(1n, 10, (e) => e.type === 'A'))).toEqual([3, 5]);
    expect(positions(tail.select(8n, 10, all))).toEqual([]);
  });

  it('drops the oldest events beyond the count bound, moving its start to the last one dropped', () => {
    const tail = new LogTail(0n, { maxEvents: 3, maxBytes: 1000 });
    tail.extend([1, 2].map((p) => event(p)), [1, 1], 2n);
    tail.extend([3, 4, 5].map((p) => event(p)), [1, 1, 1], 5n);
    expect(tail.eventCount).toBe(3);
    expect(tail.start).toBe(2n);
    expect(tail.covers(1n)).toBe(false);
    expect(positions(tail.select(2n, 10, all))).toEqual([3, 4, 5]);
  });

  it('drops the oldest events beyond the byte bound', () => {
    const tail = new LogTail(0n, { maxEvents: 100, maxBytes: 10 });
    tail.extend([1, 2, 3].map((p) => event(p)), [4, 4, 4], 3n);
    expect([tail.eventCount, tail.byteCount, tail.start]).toEqual([2, 8, 1n]);
    tail.extend([event(4)], [20], 4n); // larger than the bound alone: nothing kept, all still covered to the head
    expect([tail.eventCount, tail.byteCount, tail.start, tail.end]).toEqual([0, 0, 4n, 4n]);
  });

  it('keeps selecting correctly across the bulk compaction of dropped events', () => {
    const tail = new LogTail(0n, { maxEvents: 1500, maxBytes: 1e9 });
    for (let p = 1; p <= 5000; p += 100) {
      const batch = Array.from({ length: 100 }, (_, i) => event(p + i));
      tail.extend(batch, batch.map(() => 1), BigInt(p + 99));
    }
    expect([tail.eventCount, tail.start, tail.end]).toEqual([1500, 3500n, 5000n]);
    expect(positions(tail.select(4997n, 10, all))).toEqual([4998, 4999, 5000]);
    expect(positions(tail.select(3500n, 2, all))).toEqual([3501, 3502]);
  });

  it('restarts empty at a new head', () => {
    const tail = new LogTail(0n, { maxEvents: 10, maxBytes: 1000 });
    tail.extend([event(1)], [5], 1n);
    tail.restart(500n);
    expect([tail.start, tail.end, tail.eventCount, tail.byteCount]).toEqual([500n, 500n, 0, 0]);
  });
});
