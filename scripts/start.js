#!/usr/bin/env node
// `npm start`: build when the sources are newer than the build, then serve on the embedded default.
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, rmSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const entry = join(root, 'dist/apps/cli/src/main.js');

// The build compiles JavaScript sources too (allowJs: the worker threads' files).
const isSource = (name) => /\.(ts|js)$/.test(name) && !/\.spec\.(ts|js)$/.test(name) && !name.endsWith('.d.ts');

const newestSource = (dir) => {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (isSource(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
};

const newestConfig = () => Math.max(...['tsconfig.build.json', 'tsconfig.base.json'].map((f) => (existsSync(join(root, f)) ? statSync(join(root, f)).mtimeMs : 0)));

const stale = !existsSync(entry) || Math.max(newestConfig(), ...['apps', 'libs', 'projections', 'bench'].map((d) => newestSource(join(root, d)))) > statSync(entry).mtimeMs;
if (stale) {
  // On standard error: standard output is the server's (one JSON object per line with --json).
  process.stderr.write('building…\n');
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  } catch {
    // tsc writes its output even when it reports errors: without the entry, the next start builds again rather than serve that.
    rmSync(entry, { force: true });
    process.stderr.write('jobledger: the build failed (its errors are above); nothing was started\n');
    process.exit(1);
  }
}
process.argv = [process.argv[0], entry, 'serve', ...process.argv.slice(2)];
require(entry);
