import { InvalidArgumentError } from 'commander';
import { parseAssignee, parseAssigneeFilter, parseInterval, parseMessageSince, parseSince, parseWhole } from './args';
import { callerOf } from './caller';
import { changesSince } from './changes';
import { paint, phaseLabel } from './colour';
import { fields, table } from './table';

describe('CLI output: tables and fields', () => {
  it('aligns columns to the widest cell, leaves the last column unpadded, and ignores colour codes in widths', () => {
    expect(table(['JOB', 'PHASE', 'TITLE'], [['a-12345678', 'ready', 'One'], ['b', 'done', 'Two']]))
      .toBe('JOB         PHASE  TITLE\na-12345678  ready  One\nb           done   Two\n');
    // paint(true) is asked for only on a terminal (colourOn), where its colours pass.
    const tty = process.stdout.isTTY;
    process.stdout.isTTY = true;
    try {
      const coloured = table(['PHASE', 'X'], [[paint(true, 'green', 'done'), 'x'], ['review', 'y']]);
      expect(coloured).toContain('\x1b[32mdone\x1b[0m');
      expect(coloured.replace(/\x1b\[[0-9;]*m/g, '')).toBe('PHASE   X\ndone    x\nreview  y\n');
    } finally {
      process.stdout.isTTY = tty;
    }
  });

  it('prints a record as aligned field/value lines', () => {
    expect(fields([['job', 'a'], ['attempts', '1 of 3']])).toBe('job       a\nattempts  1 of 3\n');
  });

  it('shows a value the server left null or out as -, in a table and a field line, instead of failing', () => {
    expect(table(['JOB', 'RECORD', 'TITLE'], [['a', null, 'One'], ['b', 'rec-1', undefined]])).toBe('JOB  RECORD  TITLE\na    -       One\nb    rec-1   -\n');
    expect(fields([['record', null], ['ended', undefined]])).toBe('record  -\nended   -\n');
  });

  it('paints only when asked, and labels a resolution other than completed', () => {
    expect(paint(false, 'red', 'x')).toBe('x');
    expect(paint(true, 'red', 'x')).toBe('\x1b[31mx\x1b[0m');
    expect(phaseLabel(false, 'done', 'completed')).toBe('done');
    expect(phaseLabel(false, 'done', 'failed')).toBe('done (failed)');
    expect(phaseLabel(true, 'done', 'failed')).toBe('\x1b[31mdone (failed)\x1b[0m');
  });
});

describe('CLI arguments', () => {
  it('takes --since as a duration or an ISO time, passed on as typed', () => {
    for (const ok of ['90s', '30m', '1h', '2d', '2026-01-31', '2026-01-31T12:00:00Z']) expect(parseSince(ok)).toBe(ok);
    for (const bad of ['1w', 'yesterday', '-1h', '', '1 h']) expect(() => parseSince(bad)).toThrow(InvalidArgumentError);
  });

  it('takes whole numbers, intervals and assignees, refusing anything else as a usage error', () => {
    expect(parseWhole(1)('3')).toBe(3);
    expect(() => parseWhole(1)('0')).toThrow(InvalidArgumentError);
    expect(() => parseWhole(0)('1.5')).toThrow(InvalidArgumentError);
    expect(parseInterval('0.2')).toBe(0.2);
    expect(() => parseInterval('0')).toThrow(InvalidArgumentError);
    expect(parseAssignee('operator:ana')).toEqual({ kind: 'operator', slug: 'ana' });
    expect(parseAssignee('agent:bot:7')).toEqual({ kind: 'agent', agentId: 'bot:7' });
    expect(() => parseAssignee('ana')).toThrow(InvalidArgumentError);
    expect(parseAssigneeFilter('agent:bot-1')).toBe('agent:bot-1');
    expect(() => parseAssigneeFilter('bob')).toThrow(InvalidArgumentError);
  });

  it('bounds whole numbers and intervals, and refuses what a number parser would stretch to mean something', () => {
    expect(parseWhole(1, 500)('500')).toBe(500);
    for (const bad of ['501', '0', '-5', '+5', '1e3', '0x10', ' 5', '', '99999999999999999999']) expect(() => parseWhole(1, 500)(bad)).toThrow(new InvalidArgumentError('a whole number from 1 to 500'));
    expect(() => parseWhole(0)('99999999999999999999')).toThrow(new InvalidArgumentError('a whole number, 0 or more'));
    expect(parseInterval('3600')).toBe(3600);
    expect([parseInterval('.5'), parseInterval('2.'), parseInterval('0.25')]).toEqual([0.5, 2, 0.25]);
    for (const bad of ['3601', '1e9', '1e0', '+1', '0x2', '1_0', ' 1', 'Infinity', ' ', '', '.']) expect(() => parseInterval(bad)).toThrow(InvalidArgumentError);
  });

  it("takes a thread's --since as a message seq or an ISO time, as the server reads it", () => {
    for (const ok of ['0', '42', '2026-01-31T12:00:00Z']) expect(parseMessageSince(ok)).toBe(ok);
    for (const bad of ['abc', '-1', '1234567890', '2026-01-31', '2026-13-45T00:00:00Z']) expect(() => parseMessageSince(bad)).toThrow(InvalidArgumentError);
  });

  it("reads the token's operator or agent without verifying it, and nothing from a token it cannot read", () => {
    const jwt = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;
    expect(callerOf(jwt({ role: 'agent', agent: 'bot-1' }))).toEqual({ kind: 'agent', agentId: 'bot-1' });
    expect(callerOf(jwt({ role: 'operator', operator: 'ana' }))).toEqual({ kind: 'operator', slug: 'ana' });
    expect(callerOf(jwt({ role: 'admin' }))).toBeNull();
    expect(callerOf('not-a-token')).toBeNull();
    expect(callerOf(undefined)).toBeNull();
  });
});

describe('changes between two looks (watch, supervise)', () => {
  it('reports each new thing and each move once', () => {
    const seen = new Map<string, string>();
    expect(changesSince(seen, [['a', 'ready'], ['b', 'ready']])).toEqual([{ id: 'a', from: null, to: 'ready' }, { id: 'b', from: null, to: 'ready' }]);
    expect(changesSince(seen, [['a', 'active'], ['b', 'ready']])).toEqual([{ id: 'a', from: 'ready', to: 'active' }]);
    expect(changesSince(seen, [['a', 'active'], ['b', 'ready']])).toEqual([]);
  });
});
