import { plainToInstance } from 'class-transformer';
import { IsOptional, Max, validateSync } from 'class-validator';
import { WholeNumber } from './whole-number';

class Query {
  @IsOptional() @WholeNumber() @Max(500) limit?: number;
}

const read = (limit: unknown) => {
  const query = plainToInstance(Query, { limit });
  return { limit: query.limit, refused: validateSync(query).map((e) => Object.keys(e.constraints ?? {})).flat() };
};

describe('WholeNumber (a number sent as text)', () => {
  it('takes decimal digits as the number they spell, bounds still applying', () => {
    expect(read('0')).toEqual({ limit: 0, refused: [] });
    expect(read('007')).toEqual({ limit: 7, refused: [] });
    expect(read('9007199254740991')).toEqual({ limit: 9007199254740991, refused: ['max'] });
    expect(read('501')).toEqual({ limit: 501, refused: ['max'] });
  });

  it.each(['', ' ', ' 1', '0x1', '+1', '-1', '1.0', '1e0', 'Infinity', ['1', '2'], '9007199254740992', '9007199254740993'])('refuses %j instead of reading it as a number', (text) => {
    const { limit, refused } = read(text);
    expect([limit, refused]).toEqual([text, expect.arrayContaining(['isInt'])]);
  });
});
