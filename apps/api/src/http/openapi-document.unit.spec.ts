import { Controller, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ApiProperty } from '@nestjs/swagger';
import { API_CONTROLLERS } from '../api.module';
import { ApiCommand, ApiRoute, type RouteOptions } from './api-docs';
import { openApiDocument } from './openapi-document';
import { responseValidator, type OpenApiDoc } from '../testing/openapi-schemas';

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
