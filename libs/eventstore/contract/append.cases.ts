import { ConcurrencyError } from '../src/errors';
import type { ContractContext } from './fixtures';
import { ids, metadataFor, newEvent, testNames } from './fixtures';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export const appendCases = ({ store }: ContractContext): void => {
  describe('append and read a stream', () => {
    it('reads back what was appended: ids, types, data, metadata, revisions 0..n, positions, recordedAt', async () => {
      const { stream, type } = testNames();
      const data = { amount: 12.5, tags: ['a', 'ü'], nested: { ok: true, none: null } };
      const events = [newEvent(type('Opened'), data), newEvent(type('Noted'), { text: 'x' }), newEvent(type('Closed'))];

      const result = await store().append(stream('job'), events, 'no_stream');
      const read = await store().readStream(stream('job'));

      expect(result.nextExpectedRevision).toBe(2);
      expect(ids(read)).toEqual(ids(events));
      expect(read.map((e) => e.revision)).toEqual([0, 1, 2]);
      expect(read.map((e) => e.type)).toEqual(events.map((e) => e.type));
      expect(read.map((e) => e.streamId)).toEqual([stream('job'), stream('job'), stream('job')]);
      expect(read[0].data).toEqual(data);
      expect(read[1].metadata).toEqual(metadataFor(events[1].id));
      expect(read[1].position).toBeGreaterThan(read[0].position);
      expect(read[2].position).toBeGreaterThan(read[1].position);
      expect(read[2].position).toBe(result.position);
      for (const e of read) expect(e.recordedAt).toMatch(ISO_UTC);
    });

    it('continues revisions across appends and reports them', async () => {
      const { stream, type } = testNames();
      const first = await store().append(stream('s'), [newEvent(type('A'))], 'no_stream');
      const second = await store().append(stream('s'), [newEvent(type('B')), newEvent(type('C'))], first.nextExpectedRevision);

      expect(second.nextExpectedRevision).toBe(2);
      expect(second.position).toBeGreaterThan(first.position);
      expect(await store().streamRevision(stream('s'))).toBe(2);
    });

    it('reads a stream from an inclusive revision, at most maxCount events', async () => {
      const { stream, type } = testNames();
      const events = [0, 1, 2, 3].map((n) => newEvent(type('N'), { n }));
      await store().append(stream('s'), events, 'no_stream');

      const read = await store().readStream(stream('s'), { fromRevision: 1, maxCount: 2 });
      expect(read.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
    });

    it('reads a missing stream as empty, at revision -1', async () => {
      const { stream } = testNames();
      expect(await store().readStream(stream('nobody'))).toEqual([]);
      expect(await store().streamRevision(stream('nobody'))).toBe(-1);
    });
  });

  describe('concurrent writers', () => {
    it('lets exactly one of 10 racing appends with the same expected revision win', async () => {
      const { stream, type } = testNames();
      await store().append(stream('s'), [newEvent(type('Created'))], 'no_stream');

      const racers = Array.from({ length: 10 }, (_, i) => store().append(stream('s'), [newEvent(type('Raced'), { i })], 0));
      const outcomes = await Promise.allSettled(racers);

      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(9);
      for (const reason of lost) expect(reason).toBeInstanceOf(ConcurrencyError);
      expect(await store().readStream(stream('s'))).toHaveLength(2);
    });
  });
};
