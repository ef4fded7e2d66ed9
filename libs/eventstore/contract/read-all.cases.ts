import type { ContractContext } from './fixtures';
import { ids, newEvent, testNames } from './fixtures';

export const readAllCases = ({ store }: ContractContext): void => {
  describe('read all', () => {
    /** Six events over three streams and three types, in a known global order. */
    const seed = async () => {
      const names = testNames();
      const { stream, type } = names;
      const base = await store().headPosition();
      const appended = [
        ...(await appendAll(stream('job-1'), [type('Opened'), type('Noted'), type('Closed')])),
        ...(await appendAll(stream('task-1'), [type('Opened'), type('Noted')])),
        ...(await appendAll(stream('job-2'), [type('Opened')])),
      ];
      const inTest = { streamPrefixes: [`${names.ns}-`] };
      return { ...names, base, appended, inTest };
    };
    const appendAll = async (streamId: string, types: string[]) => {
      const events = types.map((t) => newEvent(t));
      await store().append(streamId, events, 'no_stream');
      return events;
    };

    it('returns events after a position in global order, the position itself excluded', async () => {
      const { base, appended, inTest } = await seed();
      const all = await store().readAll({ fromPosition: base, maxCount: 100, filter: inTest });
      expect(ids(all)).toEqual(ids(appended));

      const rest = await store().readAll({ fromPosition: all[1].position, maxCount: 100, filter: inTest });
      expect(ids(rest)).toEqual(ids(appended.slice(2)));
    });

    it('returns at most maxCount events, and pages through the log with the last position', async () => {
      const { base, appended, inTest } = await seed();
      const page1 = await store().readAll({ fromPosition: base, maxCount: 4, filter: inTest });
      const page2 = await store().readAll({ fromPosition: page1[page1.length - 1].position, maxCount: 4, filter: inTest });
      expect(page1).toHaveLength(4);
      expect(ids([...page1, ...page2])).toEqual(ids(appended));
    });

    it('filters by event type, by stream prefix, and by both', async () => {
      const { base, appended, type, ns } = await seed();
      const read = (filter: { eventTypes?: string[]; streamPrefixes?: string[] }) =>
        store().readAll({ fromPosition: base, maxCount: 100, filter }).then(ids);

      expect(await read({ eventTypes: [type('Opened'), type('Closed')] })).toEqual(ids([appended[0], appended[2], appended[3], appended[5]]));
      expect(await read({ streamPrefixes: [`${ns}-job-`] })).toEqual(ids([appended[0], appended[1], appended[2], appended[5]]));
      expect(await read({ eventTypes: [type('Noted')], streamPrefixes: [`${ns}-task-`] })).toEqual([appended[4].id]);
    });

    it('reports the head position: the newest event, nothing after it', async () => {
      const { stream, type, ns } = testNames();
      const result = await store().append(stream('s'), [newEvent(type('A'))], 'no_stream');
      const head = await store().headPosition();

      expect(head).toBeGreaterThanOrEqual(result.position);
      expect(await store().readAll({ fromPosition: head, maxCount: 10, filter: { streamPrefixes: [ns] } })).toEqual([]);
    });
  });
};
