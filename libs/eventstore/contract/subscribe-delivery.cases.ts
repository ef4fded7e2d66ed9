import { START_POSITION } from '../src/port';
import type { ContractContext } from './fixtures';
import { ids, newEvent, recorder, testNames, waitFor } from './fixtures';

export const subscribeDeliveryCases = ({ store, subscribe }: ContractContext): void => {
  describe('subscribe: delivery', () => {
    it('delivers history, reports caught-up, then delivers live appends, in order and exactly once', async () => {
      const { stream, type, ns } = testNames();
      const history = [newEvent(type('A')), newEvent(type('B')), newEvent(type('C'))];
      await store().append(stream('one'), history.slice(0, 2), 'no_stream');
      await store().append(stream('two'), history.slice(2), 'no_stream');

      const seen = recorder();
      const sub = subscribe({ fromPosition: START_POSITION, filter: { streamPrefixes: [ns] } }, seen.handler);
      await waitFor('catch-up', () => sub.caughtUp && seen.delivered.length === 3);
      expect(ids(seen.delivered)).toEqual(ids(history));
      expect(seen.caughtUpAt.length).toBeGreaterThan(0);

      const live = [newEvent(type('D')), newEvent(type('E'))];
      await store().append(stream('one'), [live[0]], 1);
      await store().append(stream('three'), [live[1]], 'no_stream');
      await waitFor('live events', () => seen.delivered.length >= 5);

      expect(ids(seen.delivered)).toEqual(ids([...history, ...live]));
      expect(sub.position).toBe(seen.delivered[4].position);
    });

    it('starts after the given position (exclusive)', async () => {
      const { stream, type, ns } = testNames();
      const events = [0, 1, 2, 3].map((n) => newEvent(type('N'), { n }));
      await store().append(stream('s'), events, 'no_stream');
      const [, second] = await store().readStream(stream('s'));

      const seen = recorder();
      const sub = subscribe({ fromPosition: second.position, filter: { streamPrefixes: [ns] } }, seen.handler);
      await waitFor('catch-up', () => sub.caughtUp && seen.delivered.length >= 2);

      expect(ids(seen.delivered)).toEqual(ids(events.slice(2)));
    });

    it('delivers only matching events, yet reports caught-up at positions past the filtered-out ones', async () => {
      const { stream, type } = testNames();
      await store().append(stream('s'), [newEvent(type('Wanted'))], 'no_stream');
      const last = await store().append(stream('s'), [newEvent(type('Other'))], 0);

      const seen = recorder();
      subscribe({ fromPosition: START_POSITION, filter: { eventTypes: [type('Wanted')] } }, seen.handler);
      await waitFor('a caught-up report past the last event', () => seen.caughtUpAt.some((p) => p >= last.position));

      expect(seen.delivered.map((e) => e.type)).toEqual([type('Wanted')]);
    });

    it('hands events over in batches no larger than batchSize', async () => {
      const { stream, type, ns } = testNames();
      const events = Array.from({ length: 7 }, (_, n) => newEvent(type('N'), { n }));
      await store().append(stream('s'), events, 'no_stream');

      const seen = recorder();
      const sub = subscribe({ fromPosition: START_POSITION, filter: { streamPrefixes: [ns] }, batchSize: 3 }, seen.handler);
      await waitFor('catch-up', () => sub.caughtUp && seen.delivered.length === 7);

      expect(Math.max(...seen.batches.map((b) => b.length))).toBeLessThanOrEqual(3);
      expect(ids(seen.delivered)).toEqual(ids(events));
    });
  });
};
