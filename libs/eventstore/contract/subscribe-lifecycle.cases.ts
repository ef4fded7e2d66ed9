import { START_POSITION, type RecordedEvent } from '../src/port';
import type { ContractContext } from './fixtures';
import { ids, newEvent, recorder, testNames, waitFor } from './fixtures';

export const subscribeLifecycleCases = ({ store, subscribe }: ContractContext): void => {
  describe('subscribe: failures and stop', () => {
    it('hands a batch whose handler threw over again, losing and duplicating nothing', async () => {
      const { stream, type, ns } = testNames();
      const history = [newEvent(type('A')), newEvent(type('B')), newEvent(type('C'))];
      await store().append(stream('s'), history, 'no_stream');

      const seen = recorder();
      let failed: RecordedEvent[] | undefined;
      const sub = subscribe(
        { fromPosition: START_POSITION, filter: { streamPrefixes: [ns] } },
        {
          ...seen.handler,
          onEvents: async (events) => {
            if (!failed) {
              failed = [...events];
              throw new Error('projection write failed');
            }
            await seen.handler.onEvents(events);
          },
        },
      );
      await waitFor('redelivery', () => sub.caughtUp && seen.delivered.length === 3);

      expect(seen.drops).toHaveLength(1);
      expect(ids(seen.batches[0])).toEqual(ids(failed ?? []));

      const live = newEvent(type('D'));
      await store().append(stream('s'), [live], 2);
      await waitFor('live event', () => seen.delivered.length >= 4);
      expect(ids(seen.delivered)).toEqual(ids([...history, live]));
    });

    it('stop() waits for the handler in flight, and nothing is delivered afterwards', async () => {
      const { stream, type, ns } = testNames();
      await store().append(stream('s'), [newEvent(type('A'))], 'no_stream');
      const filter = { streamPrefixes: [ns] };

      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const seen = recorder();
      let started = false;
      const sub = subscribe({ fromPosition: START_POSITION, filter }, {
        onEvents: async (events) => {
          started = true;
          await gate;
          await seen.handler.onEvents(events);
        },
      });
      await waitFor('the handler to start', () => started);

      let stopped = false;
      const stopping = sub.stop().then(() => (stopped = true));
      await new Promise((resolve) => setImmediate(resolve));
      expect(stopped).toBe(false);
      release();
      await stopping;
      expect(seen.delivered).toHaveLength(1);

      // A second subscription proves the next event was deliverable; the stopped one got none.
      await store().append(stream('s'), [newEvent(type('B'))], 0);
      const witness = recorder();
      subscribe({ fromPosition: START_POSITION, filter }, witness.handler);
      await waitFor('the witness to see both events', () => witness.delivered.length === 2);
      expect(seen.delivered).toHaveLength(1);
    });
  });
};
