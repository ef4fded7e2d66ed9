import { invalid } from './errors';

export const MAX_JSON_DEPTH = 32;

/** A surrogate half without its other half: JSON's `\ud800` escape can say it, UTF-8 cannot. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Names `{}` answers by inheritance (`constructor`, `toString`, `__proto__`…): never a field of
 * stored JSON. A validator looking a field up in a plain object takes them for known ones, and a
 * reader of the JSON meets the same ambiguity.
 */
export const INHERITED_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Where a field sits in a body, as error details name it: `entries[0].message`, `customer.name`. */
export const fieldPath = (path: string, key: string): string => (/^\d+$/.test(key) ? `${path}[${key}]` : path ? `${path}.${key}` : key);

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
  requireCanonicalizable(field, value);
  if (Buffer.byteLength(JSON.stringify(value)) > maxBytes) {
    throw invalid('JSON_TOO_LARGE', `${field} is larger than ${maxBytes} bytes`, { field, maxBytes });
  }
};

/**
 * What the edge refuses in a request body, refused again for JSON the domain parses itself (an
 * agent's raw output): records are hashed over RFC 8785 canonical JSON, whose input (I-JSON, RFC
 * 7493) has no lone surrogates and no numbers beyond a double (JSON.parse makes 1e400 Infinity,
 * which would be stored as null); a key named after an inherited member is refused as the body's
 * are (BodyShapePipe).
 * Called after the depth check, so the walk is bounded.
 */
const refused = (path: string, rule: string) => invalid('VALIDATION_FAILED', `${path}: ${rule}`, { fields: { [path]: [rule] } });

const requireCanonicalizable = (field: string, value: unknown): void => {
  const stack: Array<[unknown, string]> = [[value, field]];
  while (stack.length) {
    const [v, path] = stack.pop() as [unknown, string];
    if (typeof v === 'string' && LONE_SURROGATE.test(v)) throw refused(path, 'text must be well-formed Unicode (a lone surrogate such as \\ud800 is not)');
    if (typeof v === 'number' && !Number.isFinite(v)) throw refused(path, 'numbers must be finite');
    if (v === null || typeof v !== 'object') continue;
    for (const [key, inner] of Object.entries(v)) {
      const at = fieldPath(path, key);
      if (INHERITED_NAMES.has(key)) throw refused(at, `property ${key} should not exist: what every object inherits is no field`);
      if (LONE_SURROGATE.test(key)) throw refused(at, 'keys must be well-formed Unicode');
      stack.push([inner, at]);
    }
  }
};
