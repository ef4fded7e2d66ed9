import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorBody } from './error.filter';

type ClientError = Error & { code?: string };

const answerFor = (error: ClientError): { status: number; body: ErrorBody } => {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, body: { error: { code: 'REQUEST_TIMEOUT', message: 'the request did not arrive in time', details: {} } } };
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, body: { error: { code: 'HEADERS_TOO_LARGE', message: 'the request line and headers exceed the server\'s limit (a long query string counts)', details: {} } } };
  }
  return { status: 400, body: { error: { code: 'MALFORMED_REQUEST', message: 'the request is not well-formed HTTP', details: error.code ? { parserError: error.code } : {} } } };
};

/**
 * What a connection's own errors are answered with (Fastify's `clientErrorHandler`): they come
 * before there is a request to route, so neither the framework-error hook nor the exception
 * filter sees them. Same behaviour as Fastify's default, in the API's error shape.
 */
export const answerClientError = (error: ClientError, socket: Socket): void => {
  // A reset connection is already gone: there is nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, body } = answerFor(error);
  const payload = JSON.stringify(body);
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(payload)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${payload}`);
  }
  socket.destroy(error);
};
