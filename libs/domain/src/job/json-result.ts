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

/**
 * Fenced blocks opened by ```json-result on a line of their own. A harness may echo earlier
 * blocks (a plan, a quoted example), so the LAST one is the answer.
 */
const BLOCK = /^[ \t]*```json-result[ \t]*\r?\n([\s\S]*?)\r?\n[ \t]*```[ \t]*$/gm;

const text = (v: Json | undefined): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
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
  const summary = text(value.summary);
  const reason = text(value.reason) ?? text(value.waitingFor) ?? (isObject(eve) ? text(eve.reason) : null);
  return { status: status as ControlStatus, summary, reason, result: value };
};

/** The last ```json-result block of raw harness output, parsed and interpreted. */
export const extractJsonResult = (output: string): AgentResult => {
  const blocks = [...output.matchAll(BLOCK)];
  const last = blocks[blocks.length - 1];
  if (!last) {
    throw ruleViolated('JSON_RESULT_MISSING', 'the output has no fenced ```json-result block', { blocks: 0 });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(last[1]);
  } catch (e) {
    throw invalidResult(`the last json-result block is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, { blocks: blocks.length });
  }
  return interpretResult(parsed);
};
