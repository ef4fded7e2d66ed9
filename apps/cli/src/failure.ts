import { CommanderError } from 'commander';
import { DomainError } from '../../../libs/domain/src/shared/errors';
import { ApiError } from './api-client';
import { UsageError } from './commands/shared/usage-error';
import { terminalCell, terminalText } from './commands/shared/terminal-text';

export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

type ErrorBody = { error: { code: string; message: string; details?: unknown } };

/** Any failure as the SPEC §5 error body: the server's own, or one in its shape for the CLI's failures. */
export const errorBodyOf = (e: unknown): ErrorBody => {
  // commander's own message starts "error: ": the code says that already.
  // Its "(Did you mean …?)" hint comes on a line of its own: one line here, as every message is.
  if (e instanceof CommanderError) return { error: { code: 'USAGE', message: e.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ') } };
  if (e instanceof ApiError) {
    return { error: { code: e.body.error?.code ?? `HTTP_${e.status}`, message: e.body.error?.message ?? '', ...(e.body.error?.details !== undefined && { details: e.body.error.details }) } };
  }
  if (e instanceof UsageError) return { error: { code: 'USAGE', message: e.message } };
  // Found by the CLI before any request, by the server's own rules (no open attempt, no json-result block).
  if (e instanceof DomainError) return { error: { code: e.code, message: e.message, ...(Object.keys(e.details).length > 0 && { details: e.details }) } };
  const cause = e instanceof Error ? (e as Error & { cause?: { code?: string } }).cause : undefined;
  // fetch's own failure says only "fetch failed": the cause names the refused connection.
  if (e instanceof TypeError && e.message === 'fetch failed') {
    // A server that closed the connection mid-request (a body over its limit, a restart) was reached.
    if (cause?.code !== undefined && CONNECTION_LOST.has(cause.code)) {
      return { error: { code: 'CONNECTION_LOST', message: `the server closed the connection during the request (${cause.code}): whether it acted is unknown; send it again (with the same --idempotency-key, it acts once)` } };
    }
    return { error: { code: 'SERVER_UNREACHABLE', message: `could not reach the server (${cause?.code ?? 'network error'}): check --url or JOBLEDGER_URL` } };
  }
  return { error: { code: 'ERROR', message: e instanceof Error ? e.message : String(e) } };
};

/** fetch's causes for a connection that was open and then broke (undici names the last). */
const CONNECTION_LOST = new Set(['EPIPE', 'ECONNRESET', 'UND_ERR_SOCKET']);

/** commander's ends that are not errors, or whose help it has printed already. */
const PRINTED_BY_COMMANDER = new Set(['commander.help', 'commander.helpDisplayed', 'commander.version']);

/**
 * How a failed command ends: `jobledger: [status] CODE: message` on stderr (the body as JSON
 * with --json), exit 1, or 2 for a usage error (commander's own included).
 */
export const reportFailure = (e: unknown, json: boolean): number => {
  if (e instanceof CommanderError && (e.exitCode === 0 || PRINTED_BY_COMMANDER.has(e.code))) return e.exitCode === 0 ? 0 : EXIT_USAGE;
  const body = errorBodyOf(e);
  const status = e instanceof ApiError ? `${e.status} ` : '';
  // A server's message may quote what was sent (a field, an id): shown, not obeyed, as all output is.
  process.stderr.write(terminalText(json ? `${JSON.stringify(body)}\n` : `jobledger: ${status}${body.error.code}: ${terminalCell(body.error.message, false)}\n`, false));
  return e instanceof UsageError || e instanceof CommanderError ? EXIT_USAGE : EXIT_FAILED;
};
