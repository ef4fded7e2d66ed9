import { EXTENSIONS } from '../../../../libs/blobstore/src/content-type';
import type { SuccessBody } from '../http/success-body';

/** Evidence bytes as uploaded: the type sniffed from them, the ETag their sha256. */
export const EVIDENCE_BYTES: SuccessBody = {
  mediaType: Object.keys(EXTENSIONS),
  schema: { type: 'string', format: 'binary' },
  description: 'the bytes, with the Content-Type sniffed at upload; `ETag` and `X-Content-SHA256` their sha256; as an attachment',
};

/** Prometheus exposition format, for a scraper. */
export const PROMETHEUS_TEXT: SuccessBody = {
  mediaType: 'text/plain; version=0.0.4',
  schema: { type: 'string' },
  description: 'request rates, append latency, projection lag… in the Prometheus text format',
};
