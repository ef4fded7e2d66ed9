import { noneMatchHits } from './if-none-match';

describe('If-None-Match', () => {
  const etag = '"abc"';
  it.each(['"abc"', 'W/"abc"', '"x", "abc"', ' "x" ,W/"abc" ', '*'])('%j names the tag', (header) => {
    expect(noneMatchHits(header, etag)).toBe(true);
  });
  it.each([undefined, '', '"abcd"', 'abc', '"x", "y"', 'W/"ab"'])('%j does not', (header) => {
    expect(noneMatchHits(header, etag)).toBe(false);
  });
});
