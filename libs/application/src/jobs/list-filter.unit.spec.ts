import { DomainError } from '../../../domain/src/shared/errors';
import { jobListFilter, sinceInstant } from './list-filter';

const NOW = new Date('2026-06-01T12:00:00.000Z');

describe('job lists: the filter', () => {
  it.each([
    ['90s', '2026-06-01T11:58:30.000Z'],
    ['30m', '2026-06-01T11:30:00.000Z'],
    ['1h', '2026-06-01T11:00:00.000Z'],
    ['2d', '2026-05-30T12:00:00.000Z'],
    ['2026-05-01T08:00:00Z', '2026-05-01T08:00:00.000Z'],
    ['2026-05-01', '2026-05-01T00:00:00.000Z'],
  ])('since %s is %s', (since, instant) => {
    expect(sinceInstant(since, NOW)).toBe(instant);
  });

  it.each(['yesterday', '1w', '-1h', '2026-13-45', ''])('refuses since %p', (since) => {
    expect(() => sinceInstant(since, NOW)).toThrow(DomainError);
  });

  it('maps each filter to its field; stuck means active and quiet for the shortest lease', () => {
    expect(jobListFilter('proj', { assignee: 'agent:bot', q: 'parser', stuck: true }, NOW, 300)).toEqual({
      projectSlug: 'proj', assigneeKey: 'agent:bot', searchText: { $text: 'parser' },
      phase: 'active', lastActivityAt: { $lt: '2026-06-01T11:55:00.000Z' },
    });
    expect(jobListFilter(null, { priority: 0 }, NOW, 300)).toEqual({ priority: 0 });
  });

  it('matches nothing when stuck asks for another phase than active', () => {
    expect(jobListFilter('proj', { stuck: true, phase: 'ready' }, NOW, 300)).toBeNull();
  });
});
