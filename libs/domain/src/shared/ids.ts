import { createHash, hash } from 'node:crypto';

export const SLUG_PATTERN = /^[a-z][a-z0-9-]{1,30}$/;
/** An agent's id, as tokens and assignees name it. */
export const AGENT_ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;
export const JOB_ID_PATTERN = /^[a-z][a-z0-9-]{1,30}-[0-9a-f]{8}(\.[1-9][0-9]*){0,2}$/;
export const MAX_JOB_DEPTH = 3;

const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

const namespaces = new Map<string, Buffer>();
/** A namespace's 16 bytes, parsed once (there are one or two). */
const namespaceBytes = (namespace: string): Buffer => {
  const known = namespaces.get(namespace);
  if (known) return known;
  const bytes = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  // Buffer.from stops at the first character that is not hex: a short namespace would leave
  // bytes of the unfilled buffer in the hash.
  if (bytes.length !== 16) throw new RangeError(`not a UUID namespace: ${namespace}`);
  if (namespaces.size < 16) namespaces.set(namespace, bytes);
  return bytes;
};

/**
 * RFC 4122 version-5 UUID. Ids derived from a command id (or a triggering event id) make
 * retries append the same event ids, which the store refuses to duplicate.
 */
export const uuidV5 = (name: string, namespace: string = DNS_NAMESPACE): string => {
  // Namespace and name in one buffer, hashed in one call: every event id is derived this way,
  // and the hash object of createHash() cost as much as the hashing.
  const nameBytes = Buffer.byteLength(name, 'utf8');
  const input = Buffer.allocUnsafe(16 + nameBytes);
  namespaceBytes(namespace).copy(input, 0);
  input.write(name, 16, nameBytes, 'utf8');
  const b = hash('sha1', input, 'buffer');
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex', 0, 16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

export const deriveId = (...parts: string[]): string => uuidV5(parts.join(':'));

/** `{projectSlug}-{hash8}`: eight lowercase hex characters of a seed's SHA-256. */
export const jobIdFor = (projectSlug: string, seed: string): string =>
  `${projectSlug}-${createHash('sha256').update(seed).digest('hex').slice(0, 8)}`;

export const childJobId = (parentId: string, n: number): string => `${parentId}.${n}`;

/** Only child ids have a dot (JOB_ID_PATTERN): true for a child's id, or for its stream's name. */
export const isChildJob = (jobIdOrStream: string): boolean => jobIdOrStream.includes('.');

/** Depth 1 for a root job, 2 for `x.1`, 3 for `x.1.2`. */
export const jobDepth = (jobId: string): number => jobId.split('.').length;

export const projectOfJobId = (jobId: string): string => jobId.replace(/-[0-9a-f]{8}(\..*)?$/, '');
