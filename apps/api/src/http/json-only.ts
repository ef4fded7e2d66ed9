import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/**
 * Bodies are JSON (multipart for evidence). Nest's urlencoded parser is never registered
 * (`bodyParser: false`) and Fastify's text/plain one is removed, so a form or plain text is
 * `415` before any handler instead of running a command built from it. A Content-Encoding is
 * refused too: nothing here decodes one, so a body labelled gzip would be read as the bytes it
 * claims not to be, and a real gzip body would fail as malformed JSON.
 */
export const acceptJsonOnly = (app: NestFastifyApplication): void => {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const encoding = request.headers['content-encoding'];
    const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
    if (!hasBody || encoding === undefined || encoding.trim().toLowerCase() === 'identity') return done();
    void reply.status(415).send({
      error: { code: 'UNSUPPORTED_CONTENT_ENCODING', message: `Content-Encoding ${encoding} is not accepted: send the body unencoded`, details: { contentEncoding: encoding } },
    });
  });
};
