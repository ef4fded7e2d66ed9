#!/usr/bin/env node
// The built CLI (npm run build writes dist/); `npm start` builds first when needed.
require('../dist/apps/cli/src/main.js');
