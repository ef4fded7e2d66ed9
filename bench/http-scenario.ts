import { syncModeFromEnv } from './env';
import { answerParent } from './fresh-process';
import { measureHttp } from './http';
import { measureHttpCeiling } from './http-ceiling';

/**
 * The HTTP servers' own process (run.ts forks it): `http-scenario.js ceiling` for bare Fastify,
 * `http-scenario.js product <data dir>` for the product, so both are measured from a fresh start.
 */
const [which, dir] = process.argv.slice(2);
if (which === 'ceiling') void answerParent(measureHttpCeiling);
else if (which === 'product' && dir) void answerParent(() => measureHttp(dir, syncModeFromEnv()));
else throw new Error('usage: http-scenario.js ceiling | product <data dir>');
