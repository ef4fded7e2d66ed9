import { START } from '@eventstore/db-client';
import { START_POSITION } from '../port';
import { fromClientPosition, toClientPosition } from './positions';

describe('positions between the port and the client', () => {
  it('starts before every event at START', () => {
    expect(toClientPosition(START_POSITION)).toBe(START);
  });

  it('names an event by its commit position, prepare equal to it', () => {
    expect(toClientPosition(123456n)).toEqual({ commit: 123456n, prepare: 123456n });
    expect(toClientPosition(0n)).toEqual({ commit: 0n, prepare: 0n });
  });

  it('reads the commit position back', () => {
    expect(fromClientPosition({ commit: 9000n, prepare: 9000n })).toBe(9000n);
    expect(fromClientPosition(toClientPosition(77n) as { commit: bigint; prepare: bigint })).toBe(77n);
  });
});
