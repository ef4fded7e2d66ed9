import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/** The routes that read a multipart form (`readEvidenceUpload`); every other body is JSON. */
const MULTIPART_ROUTES: ReadonlySet<string> = new Set(['POST /jobs/:id/evidence']);

/**
 * Bodies are JSON (multipart for evidence). Nest's urlencoded parser is never registered
 * (`bodyParser: false`) and Fastify's text/plain one is removed, so a form or plain text is
 * `415` before any handler instead of running a command built from it. The multipart parser is
 * registered for the whole server, and reads a form into no body at all for a route that does
 * not ask for its parts: a command whose fields are all optional would then run as if sent `{}`,
 * so a multipart body is `415` on every route but the evidence upload. A Content-Encoding is
 * refused too: nothing here decodes one, so a body labelled gzip would be read as the bytes it
 * claims not to be, and a real gzip body would fail as malformed JSON.
 */
export const acceptJsonOnly = (app: NestFastifyApplication): void => {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
    if (!hasBody) return done();
    const type = request.headers['content-type'] ?? '';
    if (/^\s*multipart\//i.test(type) && !MULTIPART_ROUTES.has(`${request.method} ${request.routeOptions.url ?? ''}`)) {
      void reply.status(415).send({
        error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'this route reads a JSON body (application/json); a multipart form is read only by POST /jobs/:id/evidence', details: { contentType: type } },
      });
      return;
    }
    const encoding = request.headers['content-encoding'];
    if (encoding === undefined || encoding.trim().toLowerCase() === 'identity') return done();
    void reply.status(415).send({
      error: { code: 'UNSUPPORTED_CONTENT_ENCODING', message: `Content-Encoding ${encoding} is not accepted: send the body unencoded`, details: { contentEncoding: encoding } },
    });
  });
};
