import { randomUUID } from 'node:crypto';
import { CommandIdFilter } from './command-id-filter';

const ids = (n: number): string[] => Array.from({ length: n }, () => randomUUID());

describe('CommandIdFilter: which commands a stream holds, in little memory', () => {
  it.each([1, 64, 65, 1_000, 20_000])('never forgets an id it was given (%i ids)', (n) => {
    const filter = new CommandIdFilter();
    const added = ids(n);
    for (const id of added) filter.add(id);
    expect(added.filter((id) => !filter.mayHave(id))).toEqual([]);
  });

  it.each([10, 1_000, 20_000])('says "maybe" for under 1.5 %% of the ids it was not given (%i given)', (n) => {
    const filter = new CommandIdFilter();
    for (const id of ids(n)) filter.add(id);
    const others = ids(20_000);
    const maybes = others.filter((id) => filter.mayHave(id)).length;
    expect(maybes / others.length).toBeLessThan(0.015);
  });

  it('keeps a few bytes an id, however many (an exact set kept ≈ 60)', () => {
    const filter = new CommandIdFilter();
    expect(filter.byteLength).toBeLessThanOrEqual(128);
    for (const id of ids(100_000)) filter.add(id);
    expect(filter.byteLength / 100_000).toBeLessThan(3.5);
  });

  it('tells apart ids that differ in one character, or only in length', () => {
    const filter = new CommandIdFilter();
    filter.add('heartbeat-0001');
    expect(['heartbeat-0002', 'heartbeat-001', 'heartbeat-00010', 'Heartbeat-0001'].filter((id) => filter.mayHave(id))).toEqual([]);
  });
});
