import { titleOf } from '../job/creation';
import { statusSummary } from '../thread/status-summary';
import { LONE_SURROGATE } from './json-bounds';
import { truncated } from './text';

describe('truncated', () => {
  it('keeps a text within the limit as it is', () => {
    expect(truncated('short', 5)).toBe('short');
    expect(truncated('😀', 2)).toBe('😀');
  });

  it('cuts at the limit, but never between the halves of a surrogate pair', () => {
    expect(truncated('abcdef', 3)).toBe('abc');
    const cut = truncated(`${'a'.repeat(199)}😀 rest`, 200);
    expect([cut, LONE_SURROGATE.test(cut)]).toEqual(['a'.repeat(199), false]);
    expect(truncated(`${'a'.repeat(198)}😀 rest`, 200)).toBe(`${'a'.repeat(198)}😀`);
  });
});

describe('texts the domain cuts', () => {
  it('a default title is the description\'s first line, cut whole', () => {
    expect(LONE_SURROGATE.test(titleOf(undefined, `${'b'.repeat(199)}😀 rest\nmore`))).toBe(false);
  });

  it('a status message is cut whole', () => {
    for (const pad of [19_950, 19_951]) {
      const summary = statusSummary({ jobId: 'p-00000000.1', title: 't' }, 1, { type: 'JobReleased', data: { serviceEventId: 'se', reason: `${'r'.repeat(pad)}${'😀'.repeat(40)}` } });
      expect([pad, summary.length <= 20_000, LONE_SURROGATE.test(summary)]).toEqual([pad, true, false]);
    }
  });
});
