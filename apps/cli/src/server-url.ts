import { UsageError } from './commands/shared/usage-error';

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

/** `--url` / `JOBLEDGER_URL` checked before any request: a typo is the caller's mistake (exit 2), not a failed command. */
export const serverUrl = (value: string): string => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--url (or JOBLEDGER_URL) is not a URL: '${value}' (e.g. http://127.0.0.1:3000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--url (or JOBLEDGER_URL) must be an http:// or https:// URL: '${value}'`);
  }
  return value;
};
