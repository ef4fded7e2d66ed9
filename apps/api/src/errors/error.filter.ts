import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError, type DomainErrorKind } from '../../../../libs/domain/src/shared/errors';
import { MissingBlobError } from '../../../../libs/blobstore/src/errors';
import { UnreadableEventError } from '../../../../libs/eventstore/src/errors';
import { storageFailureOf } from './storage-failure';

const STATUS: Record<DomainErrorKind, number> = {
  validation: 400, forbidden: 403, not_found: 404, conflict: 409, rule: 422, too_large: 413, unsupported_media: 415, unavailable: 503,
};

/** secure-json-parse's message for a body with a `__proto__` or `constructor.prototype` key. */
const PROTOTYPE_KEY = /forbidden prototype property/;
/** The MongoDB driver's errors for a server it cannot reach (matched by name: the API does not load the driver). */
const MONGO_UNREACHABLE = new Set(['MongoServerSelectionError', 'MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoNotConnectedError', 'MongoTopologyClosedError']);

export type ErrorBody = { error: { code: string; message: string; details: Record<string, unknown> } };

const body = (code: string, message: string, details: Record<string, unknown> = {}): ErrorBody => ({ error: { code, message, details } });

const httpCode = (status: number): string =>
  ({ 400: 'BAD_REQUEST', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 406: 'NOT_ACCEPTABLE', 409: 'CONFLICT', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 422: 'UNPROCESSABLE', 429: 'TOO_MANY_REQUESTS', 503: 'SERVICE_UNAVAILABLE' })[status] ??
  'ERROR';

/** Maps every error once to `{ error: { code, message, details } }`; bad input never yields 500. */
export const toHttpError = (e: unknown): { status: number; body: ErrorBody } => {
  // Fastify's JSON parser refuses `__proto__` (and `constructor.prototype`) keys itself, with no
  // code of its own: answered as BodyShapePipe answers every other inherited name.
  if (e instanceof Error && PROTOTYPE_KEY.test(e.message) && (e instanceof HttpException ? e.getStatus() : (e as { statusCode?: unknown }).statusCode) === 400) {
    return { status: 400, body: body('VALIDATION_FAILED', 'a field may not be named __proto__ (nor constructor hold a prototype): what every object inherits is no field', { fields: {} }) };
  }
  if (e instanceof DomainError) return { status: STATUS[e.kind], body: body(e.code, e.message, e.details) };
  if (e instanceof HttpException) {
    const status = e.getStatus();
    const r = e.getResponse();
    if (typeof r === 'object' && r && 'code' in r) {
      const { code, message, details } = r as { code: string; message?: string; details?: Record<string, unknown> };
      return { status, body: body(code, message ?? e.message, details) };
    }
    // Every exception of jobledger's own carries a code; a 400 without one is the framework's
    // refusal of a JSON body it could not parse (malformed, cut short, or empty).
    if (status === 400) return { status, body: body('MALFORMED_JSON', `the body is not well-formed JSON: ${e.message}`) };
    return { status, body: body(httpCode(status), e.message) };
  }
  // Fastify and its plugins (JSON parsing, body size, multipart limits) say 4xx by `statusCode`.
  const fe = e as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (fe?.code === 'FST_ERR_BAD_URL') {
    // A malformed percent-escape in the path: the request line itself, as the connection's handler says of others.
    return { status: 400, body: body('MALFORMED_REQUEST', `the path is not well-formed: ${String(fe.message)}`, { parserError: 'FST_ERR_BAD_URL' }) };
  }
  if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, body: body(typeof fe.code === 'string' ? fe.code : httpCode(fe.statusCode), String(fe.message ?? 'bad request')) };
  }
  if (e instanceof Error && MONGO_UNREACHABLE.has(e.name)) {
    return { status: 503, body: body('STORE_UNAVAILABLE', 'the read store (MongoDB) cannot be reached; retry with the same Idempotency-Key', { store: 'readstore' }) };
  }
  const storage = storageFailureOf(e);
  if (storage) {
    return { status: 503, body: body('STORE_UNAVAILABLE', `storage cannot be used right now (${storage}): nothing was written; retry with the same Idempotency-Key`, { cause: storage }) };
  }
  if (e instanceof UnreadableEventError) {
    // Still the server's failure (500), but one an operator can act on: it says which event.
    return { status: 500, body: body('EVENT_UNREADABLE', e.message, { stream: e.streamId, revision: e.revision, position: e.position.toString() }) };
  }
  if (e instanceof MissingBlobError) {
    return { status: 500, body: body('EVIDENCE_BYTES_MISSING', e.message, { sha256: e.sha256 }) };
  }
  return { status: 500, body: body('INTERNAL_ERROR', 'internal error') };
};

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const { status, body: payload } = toHttpError(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    host.switchToHttp().getResponse<FastifyReply>().status(status).send(payload);
  }
}
