import { isIPv6 } from 'node:net';

/** Every interface, in either family: `::`, `::0`, `0:0:0:0:0:0:0:0`. */
const isIPv6Wildcard = (host: string): boolean => isIPv6(host) && /^[0:]+$/.test(host);

/**
 * Where a client reaches a server bound to `host` (printed, and given to the CLI's --url): a
 * wildcard address is no place to connect to, so its loopback in the same family is named,
 * and an IPv6 literal goes in brackets (RFC 3986), its zone's % escaped.
 */
export const listenUrl = (host: string, port: number): string => {
  if (host === '0.0.0.0') return `http://127.0.0.1:${port}`;
  if (isIPv6Wildcard(host)) return `http://[::1]:${port}`;
  if (isIPv6(host)) return `http://[${host.replace('%', '%25')}]:${port}`;
  return `http://${host}:${port}`;
};
