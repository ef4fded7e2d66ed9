import { DomainError } from '../../domain/src/shared/errors';
import { sha256Hex } from '../../domain/src/shared/hashing';
import { detectContentType, SUPPORTED_CONTENT_TYPES, type SupportedContentType } from './content-type';

export const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;

/** What every adapter records for bytes it accepts. */
export type Admitted = { readonly sha256: string; readonly sizeBytes: number; readonly contentType: SupportedContentType };

export const assertMaxBytes = (maxBytes: number): void => {
  if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new Error(`maxBytes must be a positive integer, not ${maxBytes}`);
};

/**
 * The one admission rule for evidence, whatever stores it: within the size limit, and of a
 * type the bytes themselves prove (the client's declared type is not trusted).
 */
export const admit = (bytes: Buffer, maxBytes: number): Admitted => {
  if (bytes.length > maxBytes) {
    throw new DomainError('EVIDENCE_TOO_LARGE', `evidence is ${bytes.length} bytes; the limit is ${maxBytes}`, 'too_large', {
      maxBytes,
      sizeBytes: bytes.length,
    });
  }
  const contentType = detectContentType(bytes);
  if (contentType === null) {
    throw new DomainError('UNSUPPORTED_CONTENT_TYPE', `evidence must be one of ${SUPPORTED_CONTENT_TYPES.join(', ')}`, 'unsupported_media', {
      allowed: [...SUPPORTED_CONTENT_TYPES],
    });
  }
  return { sha256: sha256Hex(bytes), sizeBytes: bytes.length, contentType };
};

/** Anything else handed to get/has (say `../../etc/passwd`) names no blob. */
export const isSha256Hex = (value: string): boolean => /^[0-9a-f]{64}$/.test(value);
