#!/usr/bin/env node
'use strict';
// Runs the server-backed suites against the servers named in the environment. With no server
// named there is nothing to integrate against: that is a failure, not a pass. A named server
// that cannot be reached fails its suite (each suite probes its server before any test).
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const SERVERS = [
  { setting: 'EVENTSTORE_CONNECTION_STRING', suites: ['libs/eventstore/src/esdb/'] },
  { setting: 'MONGODB_URI', suites: ['libs/readstore/src/mongodb/', 'libs/blobstore/src/gridfs/'] },
];

const named = SERVERS.filter(({ setting }) => (process.env[setting] ?? '') !== '');
if (named.length === 0) {
  process.stderr.write(
    `test:integration needs at least one server: set ${SERVERS.map((s) => s.setting).join(' and/or ')} ` +
      '(docker compose -f docker/compose.yml up -d eventstore mongo starts both; see docs/operations.md)\n',
  );
  process.exit(1);
}

const suites = named.flatMap(({ suites }) => suites);
process.stdout.write(`integration: ${named.map((s) => s.setting).join(', ')} → ${suites.join(' ')}\n`);
const jest = require.resolve('jest/bin/jest');
const result = spawnSync(process.execPath, [jest, '--selectProjects', 'int', '--', ...suites.map((s) => join(s))], {
  stdio: 'inherit',
  cwd: join(__dirname, '..'),
});
process.exit(result.status ?? 1);
