/**
 * A route of the API under the server's URL, keeping the URL's own path: a server behind a
 * reverse proxy at `http://host/jobledger` answers `/jobledger/jobs/…`, and
 * `new URL('/jobs/…', base)` would drop the `/jobledger`.
 */
export const apiUrl = (baseUrl: string, route: string): URL => {
  const url = new URL(baseUrl);
  const target = new URL(route, 'http://route.invalid');
  url.pathname = url.pathname.replace(/\/+$/, '') + target.pathname;
  url.search = target.search;
  url.hash = '';
  return url;
};

