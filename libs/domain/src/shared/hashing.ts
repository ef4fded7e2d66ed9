import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Json } from './json';

/** RFC 8785 (JSON Canonicalization Scheme) text of a JSON value. */
export const canonicalJson = (value: Json): string => {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value cannot be canonicalized');
  return text;
};

export const sha256Hex = (data: string | Uint8Array): string =>
  createHash('sha256').update(data).digest('hex');

export const contentHashOf = (value: Json): string => sha256Hex(canonicalJson(value));
