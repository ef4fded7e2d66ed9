import { routePath } from './route-path';

describe('routePath (what an Idempotency-Key is scoped to)', () => {
  it('gives a path without escapes back exactly as sent, without its query', () => {
    expect(routePath('/projects/agents/jobs?x=%61')).toBe('/projects/agents/jobs');
    expect(routePath('/jobs/agents-1a2b3c4d/claim')).toBe('/jobs/agents-1a2b3c4d/claim');
  });

  it('decodes each segment, so every spelling of one route is one scope', () => {
    expect(routePath('/projects/%61gents/jobs')).toBe('/projects/agents/jobs');
    expect(routePath('/%70rojects/agents/%6A%6F%62%73')).toBe('/projects/agents/jobs');
  });

  it('keeps an encoded `/` or `%` inside its segment, whatever case its escape was sent in', () => {
    expect(routePath('/jobs/a%2Fb/claim')).toBe('/jobs/a%2Fb/claim');
    expect(routePath('/jobs/a%2fb/claim')).toBe('/jobs/a%2Fb/claim');
    expect(routePath('/jobs/a/b/claim')).not.toBe(routePath('/jobs/a%2Fb/claim'));
    expect(routePath('/jobs/a%252Fb/claim')).toBe('/jobs/a%252Fb/claim');
  });

  it('keeps a segment with a malformed escape as sent, and still decodes the others', () => {
    expect(routePath('/jobs/50%/claim')).toBe('/jobs/50%/claim');
    expect(routePath('/%6Aobs/%zz/claim')).toBe('/jobs/%zz/claim');
  });
});
