import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { ApplicationOptions } from '../../../libs/application/src/application.module';
import { ApiModule } from './api.module';
import { toHttpError } from './errors/error.filter';
import { BodyShapePipe } from './errors/body-shape.pipe';
import { answerClientError } from './errors/client-error';
import { validationPipe } from './errors/validation';
import { openApiDocument } from './http/openapi-document';
import { acceptJsonOnly } from './http/json-only';
import { limitRates } from './http/rate-limit';
import { countRequests, type CountAnswer } from './operations/request-metrics';

/** The HTTP app on Fastify, ready to `listen`: validation, multipart evidence, OpenAPI at /docs. */
export const createApi = async (options: ApplicationOptions & { logger?: boolean }): Promise<NestFastifyApplication> => {
  // The framework's own refusals are counted once the app (and its metrics) exists.
  let countFrameworkAnswer: CountAnswer = () => undefined;
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(options), new FastifyAdapter({
    bodyLimit: 1024 * 1024,
    // A path parameter may be an earner `agent:<id>` (an id of up to 100 characters) or a thread
    // id; Fastify's default of 100 would answer a longer one 404, not the route's own 400.
    maxParamLength: 512,
    // While closing, Fastify would answer new requests on open connections itself, before any
    // hook, in its own body: the drain (begun before the close) answers them 503 SHUTTING_DOWN.
    return503OnClosing: false,
    // The app is closed only once the drain is over (serve's listen()): a connection still open
    // then (a client stalled half-way through a body, an answer past the drain's bound) would
    // hold the close for ever, as Node's server waits for every connection. Cut them all.
    forceCloseConnections: true,
    // Errors Fastify raises before routing (a malformed URL…) get the same error shape.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const { status, body } = toHttpError(error);
      void reply.status(status).send(body);
      countFrameworkAnswer(request, reply);
    },
    // …and so do a connection's own errors, before any request exists (oversized headers).
    clientErrorHandler: answerClientError,
  }), {
    logger: options.logger === false ? false : ['error', 'warn', 'log'],
    abortOnError: false,
    // Fastify's own JSON parser stays; Nest's would add urlencoded (see acceptJsonOnly).
    bodyParser: false,
  });
  await app.register(multipart, {
    // Two files, so that a second one reaches the handler's rule (400) instead of busboy's limit (413).
    limits: { fileSize: options.config.maxEvidenceBytes, files: 2, fields: 10, fieldSize: 10_000 },
  });
  app.useGlobalPipes(new BodyShapePipe(), validationPipe());
  countFrameworkAnswer = countRequests(app);
  limitRates(app, options.config);
  acceptJsonOnly(app);
  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
};
