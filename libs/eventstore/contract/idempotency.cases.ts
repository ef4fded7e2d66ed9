import { DuplicateEventIdError } from '../src/errors';
import type { ContractContext } from './fixtures';
import { newEvent, testNames } from './fixtures';

// Retries re-send the same event ids (derived from the command id): the store must treat
// the repeat as already done, never as a second copy of the events.
export const idempotencyCases = ({ store }: ContractContext): void => {
  describe('duplicate event ids', () => {
    it('appends nothing when the same events are appended again, and returns the same result', async () => {
      const { stream, type } = testNames();
      const events = [newEvent(type('A')), newEvent(type('B'))];
      const first = await store().append(stream('s'), events, 'no_stream');

      const again = await store().append(stream('s'), events, 'no_stream');

      expect(again).toEqual(first);
      expect(await store().readStream(stream('s'))).toHaveLength(2);
    });

    it('treats a repeat as done even after the stream moved on (stale expected revision)', async () => {
      const { stream, type } = testNames();
      const events = [newEvent(type('A')), newEvent(type('B'))];
      const first = await store().append(stream('s'), events, 'no_stream');
      await store().append(stream('s'), [newEvent(type('C'))], 1);

      const again = await store().append(stream('s'), events, 'no_stream');

      expect(again).toEqual({ nextExpectedRevision: 1, position: first.position });
      expect(await store().readStream(stream('s'))).toHaveLength(3);
    });

    it('refuses an event id already used in another stream, appending nothing', async () => {
      const { stream, type } = testNames();
      const event = newEvent(type('A'));
      await store().append(stream('one'), [event], 'no_stream');

      await expect(store().append(stream('two'), [event], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
      expect(await store().readStream(stream('two'))).toEqual([]);
    });
  });
};
