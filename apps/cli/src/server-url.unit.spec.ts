import { UsageError } from './commands/shared/usage-error';
import { apiUrl, serverUrl } from './server-url';

describe('the server URL', () => {
  it('keeps its own path before the route (a server behind a reverse proxy), with or without a trailing slash', () => {
    expect(apiUrl('http://host/jobledger', '/jobs/p-1/stream').href).toBe('http://host/jobledger/jobs/p-1/stream');
    expect(apiUrl('https://host:8443/a/b/', '/projects/p/jobs?phase=ready&limit=2').href).toBe('https://host:8443/a/b/projects/p/jobs?phase=ready&limit=2');
    expect(apiUrl('http://127.0.0.1:3000', '/jobs/p-1').href).toBe('http://127.0.0.1:3000/jobs/p-1');
  });

  it('keeps what the route encoded', () => {
    expect(apiUrl('http://host/x', `/jobs/${encodeURIComponent('a b/c')}/evidence`).pathname).toBe('/x/jobs/a%20b%2Fc/evidence');
  });

  it('is checked before any request: anything but an http(s) URL is a usage error', () => {
    for (const ok of ['http://127.0.0.1:3000', 'https://host/jobledger']) expect(serverUrl(ok)).toBe(ok);
    for (const bad of ['notaurl', '127.0.0.1:3000', 'ftp://host', '']) expect(() => serverUrl(bad)).toThrow(UsageError);
  });
});
