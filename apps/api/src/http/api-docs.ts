import { applyDecorators, HttpStatus, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ApiHeader, ApiProperty, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { successBody, type SuccessBody } from './success-body';

/** SPEC §5's error: `{ error: { code, message, details } }` (what `toHttpError` answers). */
export class ApiErrorDetail {
  @ApiProperty({ example: 'EVIDENCE_MISSING', description: 'stable, public error code' }) code!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
}

export class ApiErrorBody {
  @ApiProperty({ type: ApiErrorDetail }) error!: ApiErrorDetail;
}

/** Each status, with the codes every route of that kind can answer with. */
const COMMON: Record<number, string> = {
  400: 'VALIDATION_FAILED (body, query or path; `details.fields`), INVALID_IDEMPOTENCY_KEY',
  401: 'UNAUTHENTICATED (no bearer token), INVALID_TOKEN',
  403: 'FORBIDDEN (role, project or ownership)',
  404: 'the resource does not exist or is not visible to the caller',
  409: 'CONCURRENCY_CONFLICT (the stream kept changing)',
  415: 'UNSUPPORTED_MEDIA_TYPE (a body that is not JSON), UNSUPPORTED_CONTENT_ENCODING (any but identity)',
  429: 'RATE_LIMITED, with Retry-After (only when JOBLEDGER_RATE_LIMIT_PER_SEC is set)',
  503: 'STORE_UNAVAILABLE (event store or read store unreachable; retry with the same Idempotency-Key)',
};

const errorResponse = (status: number, description: string) =>
  ApiResponse({ status, description, content: { 'application/json': { schema: { $ref: getSchemaPath(ApiErrorBody) } } } });

export type ErrorOptions = {
  /** Codes of 403 beyond FORBIDDEN (DESK_BLOCKED…); `false`: the route checks no role. */
  readonly forbidden?: readonly string[] | false;
  /** Codes of 404 (PROJECT_NOT_FOUND…); `false`: the route names no resource that can be missing. */
  readonly notFound?: readonly string[] | false;
  /** 409 codes the handler throws besides CONCURRENCY_CONFLICT. */
  readonly conflicts?: readonly string[];
  /** 422 codes: the lifecycle rules the handler enforces. */
  readonly rules?: readonly string[];
  /** Other statuses this route answers (413, 415…), with their codes. */
  readonly extra?: Readonly<Record<number, string>>;
  /** `false`: exempt from rate limiting (see `limitRates`). */
  readonly rateLimited?: false;
  /** Success statuses besides the route's own (e.g. 204). */
  readonly alsoOk?: Readonly<Record<number, string>>;
};

/** A route's options: what it answers on success, and its errors. */
export type RouteOptions = ErrorOptions & {
  /** Its success body, declared next to it (see SuccessBody): required, so no route's answer goes undescribed. */
  readonly ok: SuccessBody;
};

const withCodes = (base: string, codes: readonly string[] | undefined) => (codes?.length ? `${base}; ${codes.join(', ')}` : base);

/**
 * The success status the route declares, with its body: the status is read from
 * `@Post`/`@HttpCode` metadata, so this decorator goes above them (decorators apply
 * bottom-up); it refuses to guess otherwise. A route without its body is refused as the
 * class is defined, at startup: the type requires `ok`, this catches a cast or plain JS.
 */
const successResponse = (ok: SuccessBody | undefined): MethodDecorator => (target, key, descriptor) => {
  const method: unknown = Reflect.getMetadata(METHOD_METADATA, descriptor.value as object);
  if (method === undefined) throw new Error(`${String(key)}: put the API docs decorator above the route decorator`);
  if (!ok) throw new Error(`${String(key)}: say what the route answers on success (\`ok:\` a response class, or a SuccessBody)`);
  const status = (Reflect.getMetadata(HTTP_CODE_METADATA, descriptor.value as object) as number | undefined) ??
    (method === RequestMethod.POST ? HttpStatus.CREATED : HttpStatus.OK);
  for (const decorate of successBody(status, ok)) decorate(target, key, descriptor);
  return descriptor;
};

const errors = (o: ErrorOptions, conflicts: readonly string[] | null) => {
  const statuses: Record<number, string> = { 400: COMMON[400], 401: COMMON[401] };
  if (o.forbidden !== false) statuses[403] = withCodes(COMMON[403], o.forbidden);
  if (o.notFound !== false) statuses[404] = withCodes(COMMON[404], o.notFound);
  if (conflicts) statuses[409] = withCodes(COMMON[409], conflicts);
  if (o.rules?.length) statuses[422] = o.rules.join(', ');
  Object.assign(statuses, o.extra, o.rateLimited === false ? {} : { 429: COMMON[429] }, { 503: o.extra?.[503] ?? COMMON[503] });
  return Object.entries(statuses).map(([status, description]) => errorResponse(Number(status), description));
};

const successes = (o: ErrorOptions) => Object.entries(o.alsoOk ?? {}).map(([status, description]) => ApiResponse({ status: Number(status), description }));

/** What a route that reads a body answers to one that is not JSON (see acceptJsonOnly). */
export const NOT_JSON = { 415: COMMON[415] } as const;

/** An authenticated route that is not a command (reads, streams, operations): its success and its errors. */
export const ApiRoute = (o: RouteOptions) => applyDecorators(...errors(o, o.conflicts ?? null), ...successes(o), successResponse(o.ok));

/** An authenticated command (sent through `Commands`): as ApiRoute, plus 409 (always: concurrency), its 422 rules, and `Idempotency-Key`. */
export const ApiCommand = (o: RouteOptions) =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key', required: false,
      description: 'a repeat (same caller, route, key and request, at any later time) of a command that appended answers as it did then and appends nothing; the same key with another body or query is 422 IDEMPOTENCY_KEY_REUSED; a refused one, or one that changed nothing, is decided again; 1–200 printable ASCII',
    }),
    ...errors({ ...o, rules: [...(o.rules ?? []), 'IDEMPOTENCY_KEY_REUSED'], extra: { ...NOT_JSON, ...o.extra } }, o.conflicts ?? []),
    ...successes(o),
    successResponse(o.ok),
  );

/** Code lists several routes share (from the deciders' `conflict`/`ruleViolated` calls). */
export const CODES = {
  /** `requireCurrent`: the body's serviceEventId must be the job's current, open ServiceEvent. */
  currentServiceEvent: ['JOB_TERMINAL', 'STALE_SERVICE_EVENT', 'SERVICE_EVENT_NOT_QUEUED', 'SERVICE_EVENT_NOT_IN_PROGRESS'],
  claim: [
    'JOB_TERMINAL', 'INVALID_PHASE', 'ANCESTOR_CANCELLED', 'JOB_ALREADY_CLAIMED', 'JOB_BLOCKED', 'JOB_DEFERRED', 'ATTEMPTS_EXHAUSTED',
    'SERVICE_EVENT_ID_REUSED',
  ],
  claimForbidden: ['NOT_ASSIGNEE', 'OPERATOR_SUSPENDED', 'OPERATOR_NOT_ACTIVE'],
  newJobConflicts: ['JOB_EXISTS', 'JOB_ID_EXHAUSTED'],
  newJobRules: ['SURFACE_NOT_FOUND', 'PARENT_IN_OTHER_PROJECT', 'JOB_TOO_DEEP', 'ASSIGNEE_NOT_ACTIVE'],
  task: ['TASK_DECLINED', 'TASK_ALREADY_CONVERTED'],
} as const;

/** What the multipart evidence upload adds (`readEvidenceUpload`, `admitEvidence`, the multipart limits). */
export const EVIDENCE_LIMITS = {
  400: 'VALIDATION_FAILED (a field, a part sent twice, not one file), MALFORMED_MULTIPART (a body that cannot be read, or ends early), INVALID_IDEMPOTENCY_KEY',
  413: 'EVIDENCE_TOO_LARGE, FST_REQ_FILE_TOO_LARGE (over JOBLEDGER_MAX_EVIDENCE_BYTES)',
  415: 'MULTIPART_REQUIRED, UNSUPPORTED_CONTENT_TYPE (the bytes are none of JPEG, PNG, GIF, WebP, HEIC/HEIF, PDF), UNSUPPORTED_CONTENT_ENCODING (any but identity)',
} as const;
