import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { measureCeilings, measureSingleAppendCeiling } from './ceiling';
import { machine, syncModeFromEnv, withTempDir } from './env';
import { measureEvidenceSizes } from './evidence-sizes';
import { runInFreshProcess } from './fresh-process';
import type { HttpResult } from './http';
import type { HttpCeilingResult } from './http-ceiling';
import { measureInProcessCommands } from './in-process';
import { measureLifecycles } from './lifecycles';
import { measureProjectionRebuild } from './projection';
import { measureClaimNext } from './agents';
import { measureReadyQueueScaling } from './ready-queue';
import { round } from './stats';
import { printSummary } from './summary';

/**
 * `npm run bench`: every scenario in turn, each in its own temp data dir, then
 * bench/results/latest.json and a summary. It measures and reports; it never asserts. A
 * scenario that throws is recorded as such and the others still run.
 */
const WATCHDOG_MS = 6 * 60_000; // far above the ~2 minutes a run takes: only a hang trips it
/** An HTTP server's own process is killed past this (each takes ≈ 15 s). */
const SCENARIO_LIMIT_MS = 3 * 60_000;

/**
 * JOBLEDGER_BENCH_ONLY=ceiling,http runs a subset (names: ceiling, commands, lifecycles, evidence, http,
 * rebuild, agents, ready-queue, ceiling-end), for profiling one scenario; the figures anyone compares are the full run's.
 */
const only = new Set((process.env.JOBLEDGER_BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean));

const scenario = async <T>(name: string, work: () => Promise<T>, errors: Record<string, string>): Promise<T | null> => {
  if (only.size && !only.has(name)) return null;
  process.stdout.write(`bench: ${name}…\n`);
  const start = performance.now();
  try {
    const result = await work();
    process.stdout.write(`bench: ${name} done in ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
    return result;
  } catch (error) {
    errors[name] = error instanceof Error ? error.stack ?? error.message : String(error);
    process.stderr.write(`bench: ${name} failed: ${errors[name]}\n`);
    return null;
  }
};

const main = async () => {
  setTimeout(() => {
    process.stderr.write('bench: watchdog fired, giving up\n');
    process.exit(2);
  }, WATCHDOG_MS).unref();

  const sync = syncModeFromEnv();
  const startedAt = new Date().toISOString();
  const begin = performance.now();
  const errors: Record<string, string> = {};

  // The raw ceilings: SQLite's, then a bare Fastify's under the http scenario's load.
  const ceiling = await scenario('ceiling', () => withTempDir('ceiling', async (dir) => ({ ...measureCeilings(dir, sync), ...(await runInFreshProcess<HttpCeilingResult>('http-scenario.js', ['ceiling'], SCENARIO_LIMIT_MS)) })), errors);
  const commands = await scenario('commands', () => withTempDir('commands', (dir) => measureInProcessCommands(dir, sync)), errors);
  const lifecycles = await scenario('lifecycles', () => withTempDir('lifecycles', (dir) => measureLifecycles(dir, sync)), errors);
  const evidence = await scenario('evidence', () => withTempDir('evidence', (dir) => measureEvidenceSizes(dir, sync)), errors);
  const http = await scenario('http', () => withTempDir('http', (dir) => runInFreshProcess<HttpResult>('http-scenario.js', ['product', dir], SCENARIO_LIMIT_MS)), errors);
  const rebuild = await scenario('rebuild', () => withTempDir('rebuild', (dir) => measureProjectionRebuild(dir, sync)), errors);
  const agents = await scenario('agents', () => withTempDir('agents', (dir) => measureClaimNext(dir, sync)), errors);
  const readyQueue = await scenario('ready-queue', () => withTempDir('ready-queue', (dir) => measureReadyQueueScaling(dir)), errors);
  // The disk's fsync rate drifts on a shared machine: a second sample shows by how much.
  const ceilingAtEnd = ceiling && (await scenario('ceiling-end', () => withTempDir('ceiling', async (dir) => measureSingleAppendCeiling(dir, sync)), errors));

  const { lag, ...commandMix } = commands ?? { lag: null };
  const results = {
    startedAt,
    machine: machine(),
    sqliteSynchronous: sync,
    durationMs: Math.round(performance.now() - begin),
    ceiling: ceiling && { ...ceiling, sqliteSingleAppendPerSecAtEnd: ceilingAtEnd },
    inProcess: {
      commandsPerSec: commands?.commandsPerSec ?? null,
      lifecyclesPerSec: lifecycles?.lifecyclesPerSec ?? null,
      commandMix: commands ? commandMix : null,
      lifecycle: lifecycles,
      evidenceBySize: evidence,
    },
    http,
    projection: {
      rebuildEventsPerSec: rebuild?.rebuildEventsPerSec ?? null,
      ...(rebuild && { rebuild }),
      // Measured while the in-process command mix ran (the worker restarted just before it).
      lagP50Ms: lag?.lagP50Ms ?? null,
      lagP99Ms: lag?.lagP99Ms ?? null,
      lagWorstProjection: lag?.lagWorstProjection ?? null,
      lagByProcessor: lag?.lagByProcessor ?? null,
    },
    agents: agents && { claimNextPerSec: agents.claimNextPerSec, claimNext: agents },
    scaling: readyQueue,
    ratios: {
      inProcessVsSingleAppendCeiling: ceiling && commands ? round(commands.commandsPerSec / ceiling.sqliteSingleAppendPerSec, 3) : null,
      httpVsSingleAppendCeiling: ceiling && http ? round(http.commandsPerSec / ceiling.sqliteSingleAppendPerSec, 3) : null,
      httpVsHttpCeiling: ceiling && http && ceiling.httpPerSec > 0 ? round(http.commandsPerSec / ceiling.httpPerSec, 3) : null,
      rebuildVsReadCeiling: ceiling && rebuild ? round(rebuild.rebuildEventsPerSec / ceiling.sqliteReadPerSec, 3) : null,
    },
    errors,
  };

  // A subset run never overwrites the full run's figures.
  const name = only.size ? `partial-${[...only].sort().join('-')}.json` : 'latest.json';
  const file = resolve(__dirname, '..', '..', 'bench', 'results', name);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  printSummary(results);
  process.stdout.write(`bench: wrote ${file}\n`);
  if (Object.keys(errors).length) process.exitCode = 1;
};

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
