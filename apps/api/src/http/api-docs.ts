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

/**
 * Each status, with the codes every route of that kind can answer with. MALFORMED_REQUEST, 408
 * and 431 come from the connection's error handler (client-error.ts) and SHUTTING_DOWN from the
 * drain (drain.ts), before any route is chosen: every route can get them.
 */
const COMMON: Record<number, string> = {
  400: 'VALIDATION_FAILED (body, query or path; `details.fields`), INVALID_IDEMPOTENCY_KEY, MALFORMED_JSON (a body that does not parse, or is empty while declared JSON), MALFORMED_REQUEST (not well-formed HTTP, or a malformed escape in the path)',
  401: 'UNAUTHENTICATED (no bearer token), INVALID_TOKEN',
  403: 'FORBIDDEN (role, project or ownership)',
  404: 'the resource does not exist or is not visible to the caller',
  408: 'REQUEST_TIMEOUT (the request did not arrive in time)',
  409: 'CONCURRENCY_CONFLICT (the stream kept changing)',
  413: 'PAYLOAD_TOO_LARGE (a body over 1 MiB)',
  415: 'UNSUPPORTED_MEDIA_TYPE (a body that is not JSON), UNSUPPORTED_CONTENT_ENCODING (any but identity)',
  429: 'RATE_LIMITED, with Retry-After (only when JOBLEDGER_RATE_LIMIT_PER_SEC is set)',
  431: 'HEADERS_TOO_LARGE (request line and headers over the server\'s limit; a long query string counts)',
  503: 'STORE_UNAVAILABLE (event store or read store unreachable; retry with the same Idempotency-Key), SHUTTING_DOWN (this instance is draining: send it again)',
};

/** What BodyShapePipe refuses in any JSON body, before its DTO sees it. */
const JSON_BODY_INVALID = 'JSON_TOO_DEEP (nested deeper than 32 levels)';

const errorResponse = (status: number, description: string) =>
  ApiResponse({ status, description, content: { 'application/json': { schema: { $ref: getSchemaPath(ApiErrorBody) } } } });

export type ErrorOptions = {
  /** 400 codes beyond the common ones (the handler's own checks of its input). */
  readonly invalid?: readonly string[];
  /** The path's `:id` is a job: 404 JOB_NOT_FOUND (also what an operator gets for another's job). */
  readonly job?: true;
  /** Agents and reviewers may call it, in their token's projects only: 403 PROJECT_FORBIDDEN elsewhere. */
  readonly inProject?: true;
  /** What the body is: `json` (a command's default) adds 400 JSON_TOO_DEEP, 413 and 415; `multipart` is the evidence upload's. */
  readonly body?: 'json' | 'multipart' | 'none';
  /** Codes of 403 beyond FORBIDDEN (DESK_BLOCKED…); `false`: the route checks no role. */
  readonly forbidden?: readonly string[] | false;
  /** Codes of 404 (PROJECT_NOT_FOUND…); `false`: the route names no resource that can be missing. */
  readonly notFound?: readonly string[] | false;
  /** 409 codes the handler throws besides CONCURRENCY_CONFLICT. */
  readonly conflicts?: readonly string[];
  /** 422 codes: the lifecycle rules the handler enforces. */
  readonly rules?: readonly string[];
  /** Other statuses this route answers, with their codes (replacing the common ones of that status; a 503's are added to them). */
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

const BODY_STATUSES = {
  none: {},
  json: { 413: COMMON[413], 415: COMMON[415] },
  multipart: { 413: 'EVIDENCE_TOO_LARGE, FST_REQ_FILE_TOO_LARGE (over JOBLEDGER_MAX_EVIDENCE_BYTES)', 415: 'MULTIPART_REQUIRED, UNSUPPORTED_CONTENT_TYPE (the bytes are none of JPEG, PNG, GIF, WebP, HEIC/HEIF, PDF), UNSUPPORTED_CONTENT_ENCODING (any but identity)' },
} as const;
const BODY_INVALID = { none: [], json: [JSON_BODY_INVALID], multipart: ['MALFORMED_MULTIPART (a body that cannot be read, or ends early; a part sent twice, or not one file, is VALIDATION_FAILED)'] } as const;

const errors = (o: ErrorOptions, conflicts: readonly string[] | null) => {
  const body = o.body ?? 'none';
  const statuses: Record<number, string> = { 400: withCodes(COMMON[400], [...BODY_INVALID[body], ...(o.invalid ?? [])]), 401: COMMON[401] };
  const forbidden = [...(o.inProject ? ['PROJECT_FORBIDDEN (an agent or reviewer outside the project)'] : []), ...(o.forbidden || [])];
  if (o.forbidden !== false) statuses[403] = withCodes(COMMON[403], forbidden);
  const notFound = [...(o.job ? ['JOB_NOT_FOUND (or another operator\'s job)'] : []), ...(o.notFound || [])];
  if (o.notFound !== false) statuses[404] = withCodes(COMMON[404], notFound);
  statuses[408] = COMMON[408];
  if (conflicts) statuses[409] = withCodes(COMMON[409], conflicts);
  Object.assign(statuses, BODY_STATUSES[body]);
  if (o.rules?.length) statuses[422] = o.rules.join(', ');
  Object.assign(statuses, o.extra, o.rateLimited === false ? {} : { 429: COMMON[429] }, { 431: COMMON[431], 503: o.extra?.[503] ? `${COMMON[503]}; ${o.extra[503]}` : COMMON[503] });
  return Object.entries(statuses).map(([status, description]) => errorResponse(Number(status), description));
};

const successes = (o: ErrorOptions) => Object.entries(o.alsoOk ?? {}).map(([status, description]) => ApiResponse({ status: Number(status), description }));

/** An authenticated route that is not a command (reads, streams, operations): its success and its errors. */
export const ApiRoute = (o: RouteOptions) => applyDecorators(...errors(o, o.conflicts ?? null), ...successes(o), successResponse(o.ok));

/** An authenticated command (sent through `Commands`): as ApiRoute, plus 409 (always: concurrency), its 422 rules, and `Idempotency-Key`. */
export const ApiCommand = (o: RouteOptions) =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key', required: false,
      description: 'a repeat (same caller, route, key and request, at any later time) of a command that appended answers as it did then and appends nothing; the same key with another body or query is 422 IDEMPOTENCY_KEY_REUSED; a refused one, or one that changed nothing, is decided again; 1–200 printable ASCII',
    }),
    ...errors({ body: 'json', ...o, rules: [...(o.rules ?? []), 'IDEMPOTENCY_KEY_REUSED'] }, o.conflicts ?? []),
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
  /** `requireGovernor`: intake, and every command on a task. */
  govern: ['NOT_A_GOVERNOR (an operator without canGovern, or no longer active)'],
  /** `requireText`: a text field blank once trimmed, or over its length. */
  text: ['FIELD_REQUIRED', 'FIELD_TOO_LONG'],
  /** `checkedJobData`: what the domain checks again in a new job's fields, whatever the DTO let through. */
  jobInput: ['FIELD_REQUIRED', 'FIELD_TOO_LONG', 'INVALID_PHASE', 'INVALID_PRIORITY', 'INVALID_EXECUTION', 'INVALID_GIT_SETTINGS'],
  /** `requireMayAddChild`, `requireAgentMayShape`: a child job sent by an agent. */
  childForbidden: ['NOT_HOLDING_PARENT', 'FIELD_FORBIDDEN', 'ASSIGNEE_FORBIDDEN'],
  /** A list paged by `cursor`. */
  page: ['INVALID_CURSOR (a cursor from another query)'],
  /** `since` of a job list (list-filter.ts). */
  jobList: ['INVALID_CURSOR (a cursor from another query)', 'INVALID_SINCE (not a duration or an ISO time)'],
  /** A stream's resume point (`Last-Event-ID` or `?lastEventId=`). */
  stream: ['INVALID_LAST_EVENT_ID (not an event position)'],
  task: ['TASK_DECLINED', 'TASK_ALREADY_CONVERTED'],
} as const;

