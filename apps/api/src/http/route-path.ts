/**
 * The path of a request URL as the router matches it: each segment percent-decoded, so that
 * `/projects/%61gents/jobs` and `/projects/agents/jobs` are one route, and one
 * Idempotency-Key scope (a repeat spelled differently must not be a second command).
 *
 * A path without `%` comes back exactly as sent: the scopes, and so the command ids, of keys
 * used before this decoding existed stay the same. A segment whose escapes are malformed
 * (`%zz`, a lone `%`) is kept as sent rather than refused. In a decoded segment `%` and `/`
 * are escaped again, so that the one segment `a%2Fb` never reads as the two segments `a/b`.
 */
export const routePath = (url: string): string => {
  const path = url.split('?')[0];
  return path.includes('%') ? path.split('/').map(decodeSegment).join('/') : path;
};

const decodeSegment = (segment: string): string => {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment).replace(/%/g, '%25').replace(/\//g, '%2F');
  } catch {
    return segment;
  }
};
