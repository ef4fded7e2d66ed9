/**
 * Whether `If-None-Match` names our entity tag (RFC 9110 §13.1.2): `*`, or any tag of its list
 * by weak comparison, so a tag a proxy weakened (`W/"…"`) still earns the 304.
 */
export const noneMatchHits = (header: string | undefined, etag: string): boolean => {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
};
