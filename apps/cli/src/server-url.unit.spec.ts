import { apiUrl } from './server-url';

describe('the server URL', () => {
  it('keeps its own path before the route (a server behind a reverse proxy), with or without a trailing slash', () => {
    expect(apiUrl('http://host/jobledger', '/jobs/p-1/stream').href).toBe('http://host/jobledger/jobs/p-1/stream');
    expect(apiUrl('https://host:8443/a/b/', '/projects/p/jobs?phase=ready&limit=2').href).toBe('https://host:8443/a/b/projects/p/jobs?phase=ready&limit=2');
    expect(apiUrl('http://127.0.0.1:3000', '/jobs/p-1').href).toBe('http://127.0.0.1:3000/jobs/p-1');
  });

  it('keeps what the route encoded', () => {
    expect(apiUrl('http://host/x', `/jobs/${encodeURIComponent('a b/c')}/evidence`).pathname).toBe('/x/jobs/a%20b%2Fc/evidence');
  });
});
