import { ConcurrencyError } from '../src/errors';
import type { EventStore, ExpectedRevision } from '../src/port';
import type { ContractContext } from './fixtures';
import { newEvent, testNames } from './fixtures';

/** Appends one event expecting `expected`, and returns the error it was refused with. */
const refusal = async (store: EventStore, streamId: string, expected: ExpectedRevision): Promise<ConcurrencyError> => {
  const error = await store.append(streamId, [newEvent('Refused')], expected).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ConcurrencyError)) throw new Error(`expected a ConcurrencyError, got ${String(error)}`);
  return error;
};

export const expectedRevisionCases = ({ store }: ContractContext): void => {
  describe('expected revision', () => {
    it("'any' appends to a missing and to an existing stream", async () => {
      const { stream, type } = testNames();
      await store().append(stream('s'), [newEvent(type('A'))], 'any');
      const result = await store().append(stream('s'), [newEvent(type('B'))], 'any');
      expect(result.nextExpectedRevision).toBe(1);
    });

    it("'no_stream' creates a stream once, then refuses and appends nothing", async () => {
      const { stream, type } = testNames();
      await store().append(stream('s'), [newEvent(type('Created'))], 'no_stream');

      const error = await refusal(store(), stream('s'), 'no_stream');
      expect(error).toMatchObject({ streamId: stream('s'), expected: 'no_stream', actual: 0 });
      expect(await store().readStream(stream('s'))).toHaveLength(1);
    });

    it("'stream_exists' refuses a missing stream without creating it, and accepts an existing one", async () => {
      const { stream, type } = testNames();
      const error = await refusal(store(), stream('s'), 'stream_exists');
      expect(error).toMatchObject({ expected: 'stream_exists', actual: -1 });
      expect(await store().streamRevision(stream('s'))).toBe(-1);

      await store().append(stream('s'), [newEvent(type('Created'))], 'no_stream');
      const result = await store().append(stream('s'), [newEvent(type('More'))], 'stream_exists');
      expect(result.nextExpectedRevision).toBe(1);
    });

    it('an exact revision accepts the current one and refuses a stale or future one', async () => {
      const { stream, type } = testNames();
      await store().append(stream('s'), [newEvent(type('A')), newEvent(type('B'))], 'no_stream');

      expect(await refusal(store(), stream('s'), 0)).toMatchObject({ expected: 0, actual: 1 });
      expect(await refusal(store(), stream('s'), 5)).toMatchObject({ expected: 5, actual: 1 });
      expect(await store().readStream(stream('s'))).toHaveLength(2);

      const result = await store().append(stream('s'), [newEvent(type('C'))], 1);
      expect(result.nextExpectedRevision).toBe(2);
    });

    it('an exact revision refuses a missing stream', async () => {
      const { stream } = testNames();
      expect(await refusal(store(), stream('s'), 0)).toMatchObject({ expected: 0, actual: -1 });
      expect(await store().readStream(stream('s'))).toEqual([]);
    });
  });
};
