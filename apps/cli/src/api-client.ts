import { whenAdmitted } from './rate-limited';
import { apiUrl } from './server-url';

/** A minimal JSON-over-HTTP client for the jobledger API (Node's own fetch). */
export class ApiError extends Error {
  constructor(readonly status: number, readonly body: { error?: { code?: string; message?: string; details?: unknown } }) {
    super(`${status} ${body.error?.code ?? ''}: ${body.error?.message ?? ''}`.trim());
  }
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
    /** Sent with every command (not with reads): one verb's one command, retried under the same key. */
    readonly idempotencyKey?: string,
    /** Ends a request still in flight, and any later one: Ctrl-C of a verb that keeps running. */
    readonly signal?: AbortSignal,
  ) {}

  withToken(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token, this.idempotencyKey, this.signal);
  }

  /** The same client, its requests ended by `signal` (a server that never answers would otherwise hold them forever). */
  withSignal(signal: AbortSignal): ApiClient {
    return new ApiClient(this.baseUrl, this.token, this.idempotencyKey, signal);
  }

  /** Where `path` of the API is (under the server URL's own path, if it has one). */
  url(path: string): URL {
    return apiUrl(this.baseUrl, path);
  }

  async request<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const isForm = body instanceof FormData;
    const response = await whenAdmitted(() => fetch(this.url(path), {
      method,
      headers: {
        ...(this.token && { authorization: `Bearer ${this.token}` }),
        ...(body !== undefined && !isForm && { 'content-type': 'application/json' }),
        ...(this.idempotencyKey !== undefined && method !== 'GET' && { 'idempotency-key': this.idempotencyKey }),
        ...headers,
      },
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
      signal: this.signal,
    }), this.signal);
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : {};
    if (!response.ok) throw new ApiError(response.status, parsed as ApiError['body']);
    return parsed as T;
  }

  get<T = Record<string, unknown>>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = Record<string, unknown>>(path: string, body: unknown = {}, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }
}
