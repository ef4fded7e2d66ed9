import { CommanderError } from 'commander';
import { conflict } from '../../../libs/domain/src/shared/errors';
import { ApiError } from './api-client';
import { UsageError } from './commands/shared/usage-error';
import { errorBodyOf, reportFailure } from './failure';

describe('how a failed command ends', () => {
  let stderr: string;
  beforeEach(() => {
    stderr = '';
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
  });
  afterEach(() => jest.restoreAllMocks());

  it("prints the server's error body as status, code: message, exit 1; as JSON with --json", () => {
    const e = new ApiError(422, { error: { code: 'EVIDENCE_MISSING', message: 'evidence is missing', details: { missing: ['after'] } } });
    expect(reportFailure(e, false)).toBe(1);
    expect(stderr).toBe('jobledger: 422 EVIDENCE_MISSING: evidence is missing\n');
    stderr = '';
    expect(reportFailure(e, true)).toBe(1);
    expect(JSON.parse(stderr)).toEqual({ error: { code: 'EVIDENCE_MISSING', message: 'evidence is missing', details: { missing: ['after'] } } });
  });

  it('gives usage errors exit 2, and names an unreachable server', () => {
    expect(reportFailure(new UsageError('name a job'), false)).toBe(2);
    expect(stderr).toBe('jobledger: USAGE: name a job\n');
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(errorBodyOf(refused).error).toEqual({ code: 'SERVER_UNREACHABLE', message: expect.stringContaining('ECONNREFUSED') });
    expect(errorBodyOf(new Error('boom')).error).toEqual({ code: 'ERROR', message: 'boom' });
    // Reached, then cut off mid-request (a body over the limit answered 413 and closed): not "unreachable".
    for (const code of ['EPIPE', 'ECONNRESET', 'UND_ERR_SOCKET']) {
      const lost = Object.assign(new TypeError('fetch failed'), { cause: { code } });
      expect(errorBodyOf(lost).error).toEqual({ code: 'CONNECTION_LOST', message: expect.stringContaining(`(${code}): whether it acted is unknown`) });
    }
  });

  it("prints a failure the CLI found by the server's rules as code: message, exit 1 (a conflict is no usage error)", () => {
    const e = conflict('NO_OPEN_ATTEMPT', 'p-1 has no open attempt', { jobId: 'p-1' });
    expect(reportFailure(e, false)).toBe(1);
    expect(stderr).toBe('jobledger: NO_OPEN_ATTEMPT: p-1 has no open attempt\n');
    stderr = '';
    expect(reportFailure(e, true)).toBe(1);
    expect(JSON.parse(stderr)).toEqual({ error: { code: 'NO_OPEN_ATTEMPT', message: 'p-1 has no open attempt', details: { jobId: 'p-1' } } });
  });

  it("prints commander's usage errors in the same shape (JSON with --json), exit 2, and leaves its help alone", () => {
    const unknown = new CommanderError(1, 'commander.unknownOption', "error: unknown option '--bogus'");
    expect(reportFailure(unknown, false)).toBe(2);
    expect(stderr).toBe("jobledger: USAGE: unknown option '--bogus'\n");
    stderr = '';
    expect(reportFailure(unknown, true)).toBe(2);
    expect(JSON.parse(stderr)).toEqual({ error: { code: 'USAGE', message: "unknown option '--bogus'" } });
    stderr = '';
    // Help asked for, or shown for a verb without its subcommand: commander has printed it.
    expect(reportFailure(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), false)).toBe(0);
    expect(reportFailure(new CommanderError(1, 'commander.help', '(outputHelp)'), true)).toBe(2);
    expect(reportFailure(new CommanderError(0, 'commander.version', '0.1.0'), false)).toBe(0);
    expect(stderr).toBe('');
  });
});
