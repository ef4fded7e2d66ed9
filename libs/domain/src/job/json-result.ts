import { ruleViolated } from '../shared/errors';
import type { Json, JsonObject } from '../shared/json';

export const CONTROL_STATUSES = ['success', 'waiting', 'failed'] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

/** A harness's structured result, as the job applies it. */
export type AgentResult = {
  readonly status: ControlStatus;
  readonly summary: string | null;
  /** Why the attempt is waiting or failed (`reason`, else `waitingFor`, else the summary). */
  readonly reason: string | null;
  /** The whole block, kept as the attempt's `result` (its `git` included). */
  readonly result: JsonObject;
};

const OPENER = /^[ \t]*```json-result[ \t]*$/;
const CLOSER = /^[ \t]*```[ \t]*$/;

/**
 * Fenced blocks opened by ```json-result on a line of their own and closed by the next ```
 * line. A harness may echo earlier blocks (a plan, a quoted example), so the LAST one is the
 * answer. One pass over the lines: output is untrusted and large, and a backtracking pattern
 * over many unclosed openers takes quadratic time on the API's event loop.
 */
const fencedBlocks = (output: string): string[] => {
  const blocks: string[] = [];
  let body: string[] | null = null;
  for (const raw of output.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (body === null) {
      if (OPENER.test(line)) body = [];
    } else if (CLOSER.test(line)) {
      blocks.push(body.join('\n'));
      body = null;
    } else {
      body.push(line);
    }
  }
  return blocks;
};

/** A text field of a result as kept: trimmed, and none when blank (the read models show it so too). */
export const resultText = (v: Json | undefined): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

const invalidResult = (message: string, details: Record<string, unknown> = {}) => ruleViolated('JSON_RESULT_INVALID', message, details);

/** The status lives in `eve.status` (the harness's control envelope) or at the top level as `status`. */
export const interpretResult = (value: unknown): AgentResult => {
  if (!isObject(value)) throw invalidResult('the json-result must be a JSON object');
  const eve = value.eve;
  const status = (isObject(eve) ? eve.status : undefined) ?? value.status;
  if (typeof status !== 'string' || !(CONTROL_STATUSES as readonly string[]).includes(status)) {
    throw invalidResult(`the json-result needs eve.status or status: one of ${CONTROL_STATUSES.join(', ')}`, {
      status: status ?? null, allowed: CONTROL_STATUSES,
    });
  }
  if (value.git !== undefined && !isObject(value.git)) throw invalidResult('git in the json-result must be an object', { field: 'git' });
  // A number where text was meant would otherwise be dropped, or replaced by the next source.
  const texts: Array<[string, Json | undefined]> = [['summary', value.summary], ['reason', value.reason], ['waitingFor', value.waitingFor], ['eve.reason', isObject(eve) ? eve.reason : undefined]];
  for (const [field, v] of texts) {
    if (v !== undefined && v !== null && typeof v !== 'string') throw invalidResult(`${field} in the json-result must be text`, { field });
  }
  const summary = resultText(value.summary);
  const reason = resultText(value.reason) ?? resultText(value.waitingFor) ?? (isObject(eve) ? resultText(eve.reason) : null);
  return { status: status as ControlStatus, summary, reason, result: value };
};

/** The last ```json-result block of raw harness output, parsed and interpreted. */
export const extractJsonResult = (output: string): AgentResult => {
  const blocks = fencedBlocks(output);
  const last = blocks[blocks.length - 1];
  if (last === undefined) {
    throw ruleViolated('JSON_RESULT_MISSING', 'the output has no fenced ```json-result block', { blocks: 0 });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(last);
  } catch (e) {
    throw invalidResult(`the last json-result block is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, { blocks: blocks.length });
  }
  return interpretResult(parsed);
};
