#!/usr/bin/env node
// `npm start`: build when the sources are newer than the build, then serve on the embedded default.
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const entry = join(root, 'dist/apps/cli/src/main.js');

const newestSource = (dir) => {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
};

const stale = !existsSync(entry) || ['apps', 'libs', 'projections', 'bench'].some((d) => newestSource(join(root, d)) > statSync(entry).mtimeMs);
if (stale) {
  process.stdout.write('building…\n');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
}
process.argv = [process.argv[0], entry, 'serve', ...process.argv.slice(2)];
require(entry);
