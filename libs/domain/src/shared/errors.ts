/**
 * The one error hierarchy of the domain. `code` is stable and public (it is the API's
 * `error.code`); `kind` says which HTTP family it maps to without the domain knowing HTTP.
 */
export type DomainErrorKind =
  | 'validation' // 400
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409: concurrency or lifecycle conflict
  | 'rule' // 422: a lifecycle rule was violated (e.g. evidence missing)
  | 'too_large' // 413
  | 'unsupported_media' // 415
  | 'unavailable'; // 503: a store could not be reached; the caller may retry (with its Idempotency-Key)

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: DomainErrorKind,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError(code, message, 'not_found', details);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError(code, message, 'conflict', details);
export const ruleViolated = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError(code, message, 'rule', details);
export const invalid = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError(code, message, 'validation', details);
export const forbidden = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError(code, message, 'forbidden', details);
