import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ErrorBody } from '../errors/error.filter';

export const SHUTTING_DOWN: ErrorBody = {
  error: { code: 'SHUTTING_DOWN', message: 'this instance is shutting down: send the request again (another instance will take it)', details: {} },
};

export type Drain = {
  /** From now on every new request is answered 503 `SHUTTING_DOWN`; those in flight go on. */
  begin(): void;
  /** Resolves once no request is in flight, or after `timeoutMs` (a stream that never ends must not hold a shutdown). */
  idle(timeoutMs: number): Promise<void>;
};

/**
 * Graceful shutdown's first half for the HTTP app: refuse new work, count what is in flight.
 * Must be installed before the app listens.
 */
export const installDrain = (app: NestFastifyApplication): Drain => {
  let draining = false;
  let inFlight = 0;
  let onIdle: (() => void)[] = [];
  const settle = () => {
    if (inFlight > 0) return;
    for (const resolve of onIdle) resolve();
    onIdle = [];
  };
  app.getHttpAdapter().getInstance().addHook('onRequest', async (_request, reply) => {
    if (draining) return reply.code(503).header('connection', 'close').send(SHUTTING_DOWN);
    inFlight++;
    // 'close' comes once per response, answered or abandoned by the client.
    reply.raw.once('close', () => { inFlight--; settle(); });
  });
  return {
    begin: () => { draining = true; },
    idle: (timeoutMs) => new Promise<void>((resolve) => {
      if (inFlight === 0) return resolve();
      const timer = setTimeout(resolve, timeoutMs);
      onIdle.push(() => { clearTimeout(timer); resolve(); });
    }),
  };
};
