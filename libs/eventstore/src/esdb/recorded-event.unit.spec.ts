import type { AllStreamRecordedEvent, AllStreamResolvedEvent } from '@eventstore/db-client';
import { metadataFor } from '../../contract/fixtures';
import { isSystemEvent, matchesFilter, positionOf, toEventData, toRecordedEvent } from './recorded-event';

const ID = '0b7d8c2e-3f4a-4b5c-8d6e-7f8091a2b3c4';

const recorded = (overrides: Partial<AllStreamRecordedEvent> = {}): AllStreamRecordedEvent =>
  ({
    streamId: 'job-acme-1234abcd',
    id: ID,
    isJson: true,
    revision: 3n,
    type: 'JobClaimed',
    created: new Date('2025-01-02T03:04:05.678Z'),
    data: { attemptNumber: 1 },
    metadata: metadataFor(ID),
    position: { commit: 5000n, prepare: 5000n },
    ...overrides,
  }) as AllStreamRecordedEvent;

const resolved = (overrides: Partial<AllStreamRecordedEvent> = {}): AllStreamResolvedEvent => ({ event: recorded(overrides), commitPosition: 5000n });

describe('system events', () => {
  it('keeps jobledger events', () => {
    expect(isSystemEvent(resolved())).toBe(false);
  });

  it.each([
    ['a $-type', resolved({ type: '$statsCollected' })],
    ['metadata', resolved({ type: '$metadata', streamId: '$$job-1' })],
    ['an event in a $-stream', resolved({ type: 'Created', streamId: '$users' })],
    ['an empty slot', { commitPosition: 1n }],
    ['a link', { event: recorded(), link: recorded({ type: '$>', streamId: '$ce-job' }) }],
  ])('leaves out %s', (_, event) => {
    expect(isSystemEvent(event as AllStreamResolvedEvent)).toBe(true);
  });
});

describe('the port’s filter', () => {
  const event = { type: 'JobClaimed', streamId: 'job-acme-1' };

  it('lets everything through without a filter', () => {
    expect(matchesFilter(undefined, event)).toBe(true);
    expect(matchesFilter({}, event)).toBe(true);
  });

  it('matches types exactly and streams by prefix, both when both are given', () => {
    expect(matchesFilter({ eventTypes: ['JobClaimed'] }, event)).toBe(true);
    expect(matchesFilter({ eventTypes: ['JobClaim'] }, event)).toBe(false);
    expect(matchesFilter({ streamPrefixes: ['job-'] }, event)).toBe(true);
    expect(matchesFilter({ streamPrefixes: ['task-', 'record-'] }, event)).toBe(false);
    expect(matchesFilter({ eventTypes: ['JobClaimed'], streamPrefixes: ['task-'] }, event)).toBe(false);
  });

  it('matches nothing with empty lists', () => {
    expect(matchesFilter({ eventTypes: [] }, event)).toBe(false);
    expect(matchesFilter({ streamPrefixes: [] }, event)).toBe(false);
  });
});

describe('a resolved event as a RecordedEvent', () => {
  it('carries id, stream, revision as a number, position, type, data, metadata and the ISO time', () => {
    expect(toRecordedEvent(resolved())).toEqual({
      id: ID,
      streamId: 'job-acme-1234abcd',
      revision: 3,
      position: 5000n,
      type: 'JobClaimed',
      data: { attemptNumber: 1 },
      metadata: metadataFor(ID),
      recordedAt: '2025-01-02T03:04:05.678Z',
    });
  });

  it('takes the position from the event, else from the commit position of the read', () => {
    expect(positionOf({ event: recorded({ position: { commit: 7n, prepare: 7n } }), commitPosition: 9n })).toBe(7n);
    expect(positionOf({ event: recorded({ position: undefined }), commitPosition: 9n })).toBe(9n);
  });

  it('refuses an event that cannot be placed in the log (a server older than 22.6 on stream reads)', () => {
    expect(() => toRecordedEvent({ event: recorded({ position: undefined }) })).toThrow('without a log position');
  });

  it('refuses an unresolved link', () => {
    expect(() => toRecordedEvent({ commitPosition: 1n })).toThrow('unresolved link');
  });
});

describe('a new event as the client sends it', () => {
  it('keeps the caller’s id (the server deduplicates retries by it), JSON data and metadata', () => {
    const metadata = metadataFor(ID);
    expect(toEventData({ id: ID, type: 'JobClaimed', data: { n: 1 }, metadata })).toEqual({
      id: ID,
      contentType: 'application/json',
      type: 'JobClaimed',
      data: { n: 1 },
      metadata,
    });
  });

  it('sends missing data as null, which JSON can carry', () => {
    expect(toEventData({ id: ID, type: 'X', data: undefined, metadata: metadataFor(ID) }).data).toBeNull();
  });
});
