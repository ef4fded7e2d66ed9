import { join } from 'node:path';
import { Controller, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ApiProperty } from '@nestjs/swagger';
import { API_CONTROLLERS } from '../api.module';
import { ApiCommand, ApiRoute, type RouteOptions } from './api-docs';
import { openApiDocument } from './openapi-document';
import { responseValidator, type OpenApiDoc } from '../testing/openapi-schemas';
import { raisedCodes } from '../testing/error-codes';

/** Whatever the controllers' constructors ask for, as empty stand-ins: the document needs their routes only. */
const standIns = () => {
  const tokens = new Set<unknown>();
  for (const controller of API_CONTROLLERS) {
    for (const type of (Reflect.getMetadata('design:paramtypes', controller) as unknown[] | undefined) ?? []) tokens.add(type);
    for (const { param } of (Reflect.getMetadata('self:paramtypes', controller) as { param: unknown }[] | undefined) ?? []) tokens.add(param);
  }
  return [...tokens].filter((t) => t !== Object).map((provide) => ({ provide: provide as string, useValue: {} }));
};

/** The document of every controller, built without a server (`preview`: nothing is instantiated). */
const documentOf = async (): Promise<OpenApiDoc> => {
  @Module({ controllers: [...API_CONTROLLERS], providers: standIns() })
  class Routes {}
  const app = await NestFactory.create(Routes, new FastifyAdapter(), { preview: true, logger: ['error'], abortOnError: false });
  try {
    return openApiDocument(app) as unknown as OpenApiDoc;
  } finally {
    await app.close();
  }
};

describe('the OpenAPI document describes every success', () => {
  let doc: OpenApiDoc;
  beforeAll(async () => { doc = await documentOf(); });

  it('gives every operation a 2xx with a body (a schema per media type), or a 204 without one', () => {
    const undescribed = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).flatMap(([method, op]) => {
      const oks = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
      const withBody = oks.filter(([, r]) => Object.values(r.content ?? {}).length > 0 && Object.values(r.content ?? {}).every((m) => m.schema));
      const bodiless = oks.filter(([status, r]) => status === '204' && !r.content);
      return withBody.length > 0 && withBody.length + bodiless.length === oks.length ? [] : [`${method} ${path}`];
    }));
    expect(Object.keys(doc.paths).length).toBeGreaterThan(60);
    expect(undescribed).toEqual([]);
  });

  it('describes streams as text/event-stream, in words', () => {
    const streams = Object.entries(doc.paths).filter(([, ops]) => Object.values(ops).some((op) => op.responses['200']?.content?.['text/event-stream']));
    expect(streams.map(([path]) => path).sort()).toEqual([
      '/jobs/{id}/attempts/{n}/stream', '/jobs/{id}/stream', '/jobs/{id}/wait', '/operators/{slug}/desk/stream', '/threads/{id}/stream',
    ]);
    for (const [, ops] of streams) expect(ops.get.responses['200'].description).toMatch(/event/);
  });

  it('validates for real: a job missing a field, or null where none is allowed, is refused', () => {
    const validate = responseValidator(doc)({ $ref: '#/components/schemas/JobDecided' });
    const answer = { jobId: 'agents-1a2b3c4d', phase: 'done', resolution: 'closed', position: '7', settled: true };
    expect(validate(answer)).toBe(true);
    expect(validate({ ...answer, resolution: null, extra: 'an open schema takes more' })).toBe(true);
    expect(validate({ ...answer, phase: null })).toBe(false);
    expect(validate({ ...answer, jobId: undefined })).toBe(false);
    expect(validate({ ...answer, phase: 'finished' })).toBe(false);
  });

  it('refuses, as the class is defined, a route that does not say what it answers', () => {
    const forgotten = {} as RouteOptions;
    expect(() => {
      class Forgetful {
        @ApiRoute(forgotten) @Get() read() { return null; }
      }
      return Forgetful;
    }).toThrow('read: say what the route answers on success');
    class Answer { @ApiProperty() id!: string; }
    expect(() => {
      @Controller()
      class Remembering {
        @ApiCommand({ ok: Answer }) @Post() write() { return { id: 'x' }; }
      }
      return Remembering;
    }).not.toThrow();
  });
});

/**
 * Codes the sources raise that no HTTP caller can get, each with why. Nothing else may be
 * left out of the document: a new code fails the test below until a route documents it.
 */
const NEVER_ANSWERED: Readonly<Record<string, string>> = {
  INTERNAL_ERROR: 'a 500 (or a batch job\'s failure the server could not name): the server\'s fault, no answer to document',
  INVALID_LIMIT: 'pageLimit\'s guard: every paged route\'s DTO refuses such a limit first (VALIDATION_FAILED)',
  LEASE_NOT_EXPIRED: 'only the lease watchdog\'s release (onlyIfLeaseExpired) checks it; no route sends one',
  DEADLINE_NOT_PASSED: 'only the deadline watchdog sends ExpireDeadline',
  // The read store's guards against the server's own mistakes: names, filters, sorts and
  // documents are built by the projections and queries, never taken from a request.
  INVALID_COLLECTION_NAME: 'read store: a collection name in code',
  INVALID_INDEX_NAME: 'read store: an index name in code',
  INVALID_FIELD_NAME: 'read store: a field name in code',
  INVALID_FILTER: 'read store: a filter built by a query',
  INVALID_SORT: 'read store: a sort fixed by a query',
  INVALID_DOCUMENT: 'read store: a document written by a projection',
};

describe('the OpenAPI document names every error code the API answers', () => {
  let doc: OpenApiDoc;
  beforeAll(async () => { doc = await documentOf(); });

  const root = join(__dirname, '..', '..', '..', '..');
  const operations = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ key: `${method} ${path}`, path, method, op })));
  /** A status's description, as the document gives it (codes are words in it). */
  const says = (op: OpenApiDoc['paths'][string][string], status: number, code: string) => new RegExp(`\\b${code}\\b`).test(op.responses[String(status)]?.description ?? '');

  it('documents each code raised under apps/api, libs and projections, but the ones no caller can get', () => {
    const raised = raisedCodes(['apps/api', 'libs', 'projections'].map((d) => join(root, d)));
    expect(raised.size).toBeGreaterThan(100);
    const text = JSON.stringify(doc.paths);
    const missing = [...raised].filter(([code]) => !NEVER_ANSWERED[code] && !new RegExp(`\\b${code}\\b`).test(text)).map(([code, files]) => `${code} (${files[0]})`);
    expect(missing).toEqual([]);
    // An exclusion of a code nobody raises any longer is stale: it would hide a new one of that name.
    expect(Object.keys(NEVER_ANSWERED).filter((code) => !raised.has(code))).toEqual([]);
  });

  it('gives every route its client errors, 408, 431, and SHUTTING_DOWN under 503', () => {
    for (const { key, op } of operations().filter(({ op }) => op.security?.length)) {
      const wanted = [[400, 'MALFORMED_REQUEST'], [408, 'REQUEST_TIMEOUT'], [431, 'HEADERS_TOO_LARGE'], [503, 'SHUTTING_DOWN']] as const;
      expect([key, wanted.filter(([status, code]) => !says(op, status, code))]).toEqual([key, []]);
    }
  });

  it('gives each route on a job JOB_NOT_FOUND under 404', () => {
    const onJob = operations().filter(({ path }) => /^\/(admin\/|audit\/)?jobs\/\{id\}/.test(path));
    expect(onJob.length).toBeGreaterThan(30);
    expect(onJob.filter(({ op }) => !says(op, 404, 'JOB_NOT_FOUND')).map(({ key }) => key)).toEqual([]);
  });

  /** Under a job or a project, yet closed to agents and reviewers: their role is refused (FORBIDDEN) before any project is looked at. */
  const NOT_FOR_AGENTS_OR_REVIEWERS = new Set([
    'patch /jobs/{id}', 'post /jobs/{id}/start', 'post /jobs/{id}/evidence', 'post /jobs/{id}/complete', 'post /jobs/{id}/fail',
    'post /jobs/{id}/close', 'post /jobs/{id}/cancel', 'post /jobs/{id}/dependencies', 'delete /jobs/{id}/dependencies/{related}',
    'get /projects/{slug}/jobs', 'get /projects/{slug}/jobs/blocked', 'patch /projects/{slug}',
  ]);

  it('gives each route under a job or a project PROJECT_FORBIDDEN under 403, unless agents and reviewers may not call it at all', () => {
    const scoped = operations().filter(({ path, key }) => /^\/(jobs\/\{id\}|projects\/\{slug\})/.test(path) && !NOT_FOR_AGENTS_OR_REVIEWERS.has(key));
    expect(scoped.length).toBeGreaterThan(20);
    expect(scoped.filter(({ op }) => !says(op, 403, 'PROJECT_FORBIDDEN')).map(({ key }) => key)).toEqual([]);
    for (const { key, op } of operations().filter(({ key: k }) => NOT_FOR_AGENTS_OR_REVIEWERS.has(k))) expect([key, says(op, 403, 'PROJECT_FORBIDDEN')]).toEqual([key, false]);
  });

  it('gives each command (a JSON body, or none) its 413 and JSON_TOO_DEEP, each cursor INVALID_CURSOR, each stream INVALID_LAST_EVENT_ID', () => {
    const json = operations().filter(({ method, op }) => method !== 'get' && !op.requestBody?.content?.['multipart/form-data']);
    expect(json.length).toBeGreaterThan(35);
    expect(json.filter(({ op }) => !says(op, 413, 'PAYLOAD_TOO_LARGE') || !says(op, 400, 'JSON_TOO_DEEP')).map(({ key }) => key)).toEqual([]);
    const paged = operations().filter(({ op }) => op.parameters?.some((p) => p.in === 'query' && p.name === 'cursor'));
    expect(paged.length).toBeGreaterThan(10);
    expect(paged.filter(({ op }) => !says(op, 400, 'INVALID_CURSOR')).map(({ key }) => key)).toEqual([]);
    const resumable = operations().filter(({ op }) => op.parameters?.some((p) => p.in === 'query' && p.name === 'lastEventId'));
    expect(resumable.length).toBe(4);
    expect(resumable.filter(({ op }) => !says(op, 400, 'INVALID_LAST_EVENT_ID')).map(({ key }) => key)).toEqual([]);
  });
});
