import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const REPO_ROOT = resolve(__dirname, '../../../../..');
const COMPILER_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
};

const sourceOf = (base: string): string => {
  const candidates = [`${base}.ts`, join(base, 'index.ts')];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`cannot resolve ${base} for a child process`);
  return found;
};

/**
 * Child processes of a test would spend most of a second loading a TypeScript compiler
 * each; transpiling their import graph once here lets them start as plain node scripts.
 * Files keep their repository layout under `outDir`, so relative requires still resolve;
 * packages resolve through NODE_PATH (see `childEnv`). Returns the compiled entry.
 */
export const transpileForNode = (entry: string, outDir: string): string => {
  const outPath = (file: string) => join(outDir, relative(REPO_ROOT, file)).replace(/\.ts$/, '.js');
  const pending = [entry];
  const done = new Set<string>();
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (done.has(file)) continue;
    done.add(file);
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: COMPILER_OPTIONS, fileName: file });
    mkdirSync(dirname(outPath(file)), { recursive: true });
    writeFileSync(outPath(file), outputText);
    for (const [, specifier] of outputText.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
      pending.push(sourceOf(resolve(dirname(file), specifier)));
    }
  }
  return outPath(entry);
};

export const childEnv = (): NodeJS.ProcessEnv => ({ ...process.env, NODE_PATH: join(REPO_ROOT, 'node_modules') });
