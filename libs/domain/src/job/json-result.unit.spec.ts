import { DomainError } from '../shared/errors';
import { extractJsonResult, interpretResult } from './json-result';

const fence = (body: string) => ['```json-result', body, '```'].join('\n');

const codeOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return `${e.kind}:${e.code}`;
    throw e;
  }
  throw new Error('expected a DomainError');
};

describe('json-result blocks', () => {
  it('applies the LAST fenced block of the output', () => {
    const output = [
      'Plan: I will answer with',
      fence('{"status":"failed","summary":"example only"}'),
      'Work log…',
      fence('{"eve":{"status":"success"},"summary":"all 12 tests pass","git":{"branch":"fix/x","commit":"abc123","pushed":true}}'),
      'bye',
    ].join('\n');
    expect(extractJsonResult(output)).toEqual({
      status: 'success', summary: 'all 12 tests pass', reason: null,
      result: { eve: { status: 'success' }, summary: 'all 12 tests pass', git: { branch: 'fix/x', commit: 'abc123', pushed: true } },
    });
  });

  it('takes the status from eve.status before a top-level status', () => {
    expect(interpretResult({ eve: { status: 'waiting' }, status: 'success' }).status).toBe('waiting');
    expect(interpretResult({ status: 'failed', reason: 'tests red' })).toMatchObject({ status: 'failed', reason: 'tests red' });
  });

  it('reads why a job waits from reason, else waitingFor', () => {
    expect(interpretResult({ status: 'waiting', waitingFor: 'upstream release' }).reason).toBe('upstream release');
  });

  it('reads a null or blank text field as absent', () => {
    expect(interpretResult({ status: 'waiting', summary: null, reason: '  ', waitingFor: 'review' })).toMatchObject({ summary: null, reason: 'review' });
  });

  it('ignores ordinary ```json blocks and unterminated fences', () => {
    expect(codeOf(() => extractJsonResult('```json\n{"status":"success"}\n```'))).toBe('rule:JSON_RESULT_MISSING');
    expect(codeOf(() => extractJsonResult('```json-result\n{"status":"success"}'))).toBe('rule:JSON_RESULT_MISSING');
    expect(codeOf(() => extractJsonResult(''))).toBe('rule:JSON_RESULT_MISSING');
  });

  it.each([
    ['not JSON', fence('{status: success}')],
    ['an array', fence('["success"]')],
    ['no status', fence('{"summary":"done"}')],
    ['an unknown status', fence('{"status":"done"}')],
    ['git that is not an object', fence('{"status":"success","git":"abc"}')],
    ['a summary that is not text', fence('{"status":"success","summary":5}')],
    ['a reason that is not text', fence('{"status":"waiting","summary":"s","reason":5}')],
    ['a waitingFor that is not text', fence('{"status":"waiting","waitingFor":["x"]}')],
    ['an eve.reason that is not text', fence('{"eve":{"status":"failed","reason":{"why":1}}}')],
  ])('refuses %s as JSON_RESULT_INVALID', (_, output) => {
    expect(codeOf(() => extractJsonResult(output))).toBe('rule:JSON_RESULT_INVALID');
  });

  it('a broken last block is refused even when an earlier one was valid', () => {
    expect(codeOf(() => extractJsonResult(`${fence('{"status":"success"}')}\n${fence('{oops')}`))).toBe('rule:JSON_RESULT_INVALID');
  });

  it('reads output of many unclosed openers in one pass: no block, and a block after them is part of the first', () => {
    const openers = '```json-result\n'.repeat(100_000);
    expect(codeOf(() => extractJsonResult(openers))).toBe('rule:JSON_RESULT_MISSING');
    expect(codeOf(() => extractJsonResult(`${openers}${fence('{"status":"success"}')}`))).toBe('rule:JSON_RESULT_INVALID');
  });

  it('accepts CRLF line ends', () => {
    expect(extractJsonResult('log\r\n```json-result\r\n{"status":"waiting"}\r\n```\r\n').status).toBe('waiting');
  });
});
