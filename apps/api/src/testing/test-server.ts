import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Principal } from '../../../../libs/application/src/auth/principal';
import { signToken } from '../../../../libs/application/src/auth/tokens';
import { serve, type Server } from '../../../cli/src/commands/serve';

export type TestServer = Server & {
  readonly dataDir: string;
  token(role: Principal['role'], extra?: Partial<Principal>): string;
  /** Answers are whatever JSON the route returns: tests assert on their shape, so `any` is honest here. */
  call(method: string, path: string, options?: CallOptions): Promise<{ status: number; body: any }>;
  /** Stops this server (keeping its data dir), runs `whileStopped`, and starts a new one on the same data. */
  restart(whileStopped?: (dataDir: string) => void | Promise<void>): Promise<TestServer>;
};

/** The real server (Fastify, SQLite files in a temp dir, projectors and reactors) on a free port. */
export const startTestServer = async (env: Record<string, string> = {}, dataDir = mkdtempSync(join(tmpdir(), 'jobledger-test-'))): Promise<TestServer> => {
  const server = await serve({ PORT: '0', JOBLEDGER_DATA_DIR: dataDir, JOBLEDGER_SQLITE_SYNC: 'normal', ...env }, { logger: false });
  return {
    ...server,
    dataDir,
    token: (role, extra = {}) => signToken(server.config.jwtSecret, { sub: extra.operator ? `operator:${extra.operator}` : `${role}:test`, role, ...extra }),
    call: async (method, path, options = {}) => {
      const { status, body } = await callServer(server.url, method, path, options);
      return { status, body };
    },
    restart: async (whileStopped) => {
      await server.stop();
      await whileStopped?.(dataDir);
      return startTestServer(env, dataDir);
    },
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

export type CallOptions = { token?: string; body?: unknown; headers?: Record<string, string> };

/** One request as the tests send it: JSON (or a form, or a string as is) with a bearer token; the body parsed when it is JSON. */
export const callServer = async (url: string, method: string, path: string, options: CallOptions = {}) => {
  const isForm = options.body instanceof FormData;
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(options.token && { authorization: `Bearer ${options.token}` }),
      ...(options.body !== undefined && !isForm && { 'content-type': 'application/json' }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : isForm ? (options.body as FormData) : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try { body = text ? JSON.parse(text) : null; } catch { /* not JSON: keep the text */ }
  return { status: response.status, body, contentType: response.headers.get('content-type') ?? '' };
};
