import { invalid } from './errors';

export const MAX_JSON_DEPTH = 32;

/** Nesting depth of a JSON value, walked iteratively so that no input can exhaust the stack. */
export const jsonDepth = (value: unknown): number => {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    max = Math.max(max, depth);
    if (max > MAX_JSON_DEPTH) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return max;
};

/**
 * Free-form JSON (a result, a payload) is stored in events and read models forever: it must
 * be shallow and small enough for every backend to index and every reader to parse.
 */
export const requireBoundedJson = (field: string, value: unknown, maxBytes = 256 * 1024): void => {
  if (value === undefined) return;
  if (jsonDepth(value) > MAX_JSON_DEPTH) {
    throw invalid('JSON_TOO_DEEP', `${field} nests deeper than ${MAX_JSON_DEPTH} levels`, { field, maxDepth: MAX_JSON_DEPTH });
  }
  if (Buffer.byteLength(JSON.stringify(value)) > maxBytes) {
    throw invalid('JSON_TOO_LARGE', `${field} is larger than ${maxBytes} bytes`, { field, maxBytes });
  }
};
