import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** How the sources raise a public code: the helpers of libs/domain/src/shared/errors.ts, `new DomainError('X'`, or a `code: 'X'` literal. */
const RAISED = /\b(?:invalid|forbidden|notFound|conflict|ruleViolated)\(\s*'([A-Z][A-Z0-9_]+)'|\bnew DomainError\(\s*'([A-Z][A-Z0-9_]+)'|\bcode:\s*'([A-Z][A-Z0-9_]+)'/g;

/** Test support, not served: a code that only a fake or a contract case raises is no answer of the API. */
const NOT_SERVED = new Set(['node_modules', 'testing', 'contract']);

const sources = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
  const path = join(dir, e.name);
  if (e.isDirectory()) return NOT_SERVED.has(e.name) ? [] : sources(path);
  return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
});

/** Every error code the sources under `dirs` raise, with the files that raise it. */
export const raisedCodes = (dirs: readonly string[]): Map<string, string[]> => {
  const found = new Map<string, string[]>();
  for (const file of dirs.flatMap(sources)) {
    for (const m of readFileSync(file, 'utf8').matchAll(RAISED)) {
      const code = m[1] ?? m[2] ?? m[3];
      found.set(code, [...(found.get(code) ?? []), file]);
    }
  }
  return found;
};
