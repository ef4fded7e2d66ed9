import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESDB_CONNECTION_SCHEMES, isEsdbConnectionString } from '../../../eventstore/src/esdb/connection-string';

/** What one `serve` process runs: the HTTP API, the processors (projections, reactors, watchdog), or both. */
export type Role = 'api' | 'worker' | 'all';
export const ROLES: readonly Role[] = ['api', 'worker', 'all'];

export type JobledgerConfig = {
  readonly role: Role;
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly eventStore: 'sqlite' | 'esdb';
  readonly eventStoreConnectionString: string | null;
  readonly readStore: 'sqlite' | 'mongodb';
  readonly mongodbUri: string | null;
  readonly blobStore: 'fs' | 'gridfs';
  readonly sqliteSync: 'full' | 'normal';
  /** How often a thread of its own checkpoints each SQLite file's WAL; 0: SQLite does it inside commits. */
  readonly sqliteCheckpointMs: number;
  readonly jwtSecret: string;
  /** Lease length for a claim: humans work for hours between heartbeats, workers for seconds. */
  readonly leaseSeconds: { readonly agent: number; readonly operator: number };
  readonly leaseCheckIntervalMs: number;
  readonly maxEvidenceBytes: number;
  /** Evidence up to this size is kept in the embedded event log's file (0: never). */
  readonly inlineEvidenceMaxBytes: number;
  /** How long a command waits for its projections (read-your-writes) before answering anyway. */
  readonly settleTimeoutMs: number;
  /** V8's old-generation growth after each major collection, in percent (0: V8's own choice). See heap-growth.ts. */
  readonly heapGrowthPercent: number;
  /** How far (ms) the read models may trail this process's commands before new commands wait; 0: no bound. */
  readonly readLagBoundMs: number;
  readonly commandRetries: number;
  /**
   * How long a worker's lease on a processor lasts without renewal: a dead worker's
   * processors pass to another worker within this time. Renewed every third of it.
   */
  readonly workerLeaseMs: number;
  /**
   * `--role all`: run the processors on a thread of their own (true, the default) so that
   * projection and reactor work never queues behind the API's requests, or on the API's thread.
   */
  readonly workerThread: boolean;
  /** `--role worker` serves `GET /health` on this port when set (0: any free port); otherwise no HTTP at all. */
  readonly workerPort: number | null;
  /** How long a process trusts its reading of each projection's active generation. */
  readonly generationCacheMs: number;
  /**
   * How long after a switch a worker drops the retired generation: more than twice the longest
   * generation cache of any process that reads (another process's is not known here).
   */
  readonly generationDropMs: number;
  /** How often a worker looks for rebuild requests and reports a build's progress. */
  readonly rebuildPollMs: number;
  /** /health is degraded when a processor's oldest unprocessed event is older than this. */
  readonly healthMaxLagMs: number;
  /** Requests per second and burst allowed to one caller by one API process; 0: no limit. */
  readonly rateLimit: { readonly perSecond: number; readonly burst: number };
};

export class ConfigError extends Error {}

type Env = Readonly<Record<string, string | undefined>>;

const oneOf = <T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T => {
  const v = (env[name] ?? fallback).toLowerCase();
  if (!(values as readonly string[]).includes(v)) throw new ConfigError(`${name} must be one of ${values.join('|')} (got '${v}')`);
  return v as T;
};

const int = (env: Env, name: string, fallback: number, min: number, max: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  // Digits only: Number() would also read ' ' as 0 (a random port), '0x10' as 16 and '1e3' as 1000.
  const v = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(v) || v < min || v > max) throw new ConfigError(`${name} must be an integer from ${min} to ${max} (got '${raw}')`);
  return v;
};

const MIN_SECRET_LENGTH = 32;
const SECRET_FILE = 'jwt-secret';

/**
 * Written whole under another name, then linked into place: a process starting at the same
 * time (the API and the worker on one data dir) or after a crash never reads a half-written
 * secret, and of two that generate one, the first link wins and both read it.
 */
const generateSecretFile = (file: string): void => {
  const secret = randomBytes(32).toString('hex');
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(draft, secret, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    // A file system without hard links (some network and shared-folder mounts): written in place, as exclusive as it can be.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    try {
      writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    } catch (inPlace) {
      if ((inPlace as NodeJS.ErrnoException).code !== 'EEXIST') throw inPlace;
    }
  } finally {
    unlinkSync(draft);
  }
};

const givenSecret = (env: Env): string | undefined => {
  const given = env.JOBLEDGER_JWT_SECRET;
  if (given !== undefined && given.length < MIN_SECRET_LENGTH) throw new ConfigError(`JOBLEDGER_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  return given;
};

const readSecretFile = (file: string): string => {
  const kept = readFileSync(file, 'utf8').trim();
  // An empty or short key would let anyone sign tokens the server accepts.
  if (kept.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`${file} must hold a secret of at least ${MIN_SECRET_LENGTH} characters: delete it to have one generated, or set JOBLEDGER_JWT_SECRET`);
  }
  return kept;
};

/** The secret comes from the environment, else is generated once into the data dir. */
const jwtSecretFor = (env: Env, dataDir: string): string => {
  const given = givenSecret(env);
  if (given !== undefined) return given;
  const file = join(dataDir, SECRET_FILE);
  if (!existsSync(file)) generateSecretFile(file);
  return readSecretFile(file);
};

/** Where the data dir is when none is named: what every process (server or CLI) resolves alike. */
export const DEFAULT_DATA_DIR = './data';

export const dataDirOf = (env: Env = process.env): string => {
  // resolve('') is the working directory: the log and the secret would land wherever the process was started.
  if (env.JOBLEDGER_DATA_DIR === '') throw new ConfigError('JOBLEDGER_DATA_DIR must name a directory (it is set, and empty)');
  return resolve(env.JOBLEDGER_DATA_DIR ?? DEFAULT_DATA_DIR);
};

/**
 * The secret a server with this environment signs with, for those that only mint tokens (the
 * CLI): read, never generated, and null when there is none yet. A secret generated here would
 * sign tokens no server accepts (401 INVALID_TOKEN), and would be kept in a data dir no server uses.
 */
export const existingJwtSecret = (env: Env = process.env): string | null => {
  const given = givenSecret(env);
  if (given !== undefined) return given;
  const file = join(dataDirOf(env), SECRET_FILE);
  return existsSync(file) ? readSecretFile(file) : null;
};

/*
 * The drivers' own parsers, loaded only when their store is chosen: each takes 130–190 ms to
 * load, which no CLI verb reading this file should pay.
 */
type EsdbProblem = typeof import('../../../eventstore/src/esdb/connection-string-problem');
type MongoProblem = typeof import('../../../readstore/src/mongodb/connection');
const esdbConnectionStringProblem = (connectionString: string): string | null =>
  (require('../../../eventstore/src/esdb/connection-string-problem') as EsdbProblem).esdbConnectionStringProblem(connectionString);
const mongoUriProblem = (uri: string): string | null =>
  (require('../../../readstore/src/mongodb/connection') as MongoProblem).mongoUriProblem(uri);

/** A driver's message may quote the string it could not parse: its `user:password@` never reaches the output. */
const withoutCredentials = (problem: string, connectionString: string): string => {
  const credentials = /^[a-z+]+:\/\/([^@/]*)@/.exec(connectionString)?.[1];
  return credentials ? problem.split(credentials).join('***') : problem;
};

const checkEsdbConnectionString = (connectionString: string | null): void => {
  if (!connectionString) throw new ConfigError('JOBLEDGER_EVENTSTORE=esdb needs EVENTSTORE_CONNECTION_STRING (e.g. esdb://localhost:2113?tls=false)');
  if (!isEsdbConnectionString(connectionString)) {
    throw new ConfigError(`EVENTSTORE_CONNECTION_STRING must start with ${ESDB_CONNECTION_SCHEMES.join(' or ')} (e.g. esdb://localhost:2113?tls=false)`);
  }
  const problem = esdbConnectionStringProblem(connectionString);
  if (problem !== null) throw new ConfigError(`EVENTSTORE_CONNECTION_STRING cannot be used: ${withoutCredentials(problem, connectionString)}`);
};

/** Parsed as the driver parses it, options included; the boot then reaches the server. */
const checkMongodbUri = (uri: string | null): void => {
  if (!uri) throw new ConfigError('MongoDB read or blob store needs MONGODB_URI');
  if (!/^mongodb(\+srv)?:\/\/[^/?#]+/.test(uri)) {
    throw new ConfigError("MONGODB_URI must be a MongoDB connection string (mongodb://host[:port][/database][?options] or mongodb+srv://…)");
  }
  const problem = mongoUriProblem(uri);
  if (problem !== null) throw new ConfigError(`MONGODB_URI cannot be used: ${withoutCredentials(problem, uri)}`);
};

/**
 * An empty HOST would reach Node as "no host" and bind every interface, the opposite of the
 * loopback default: a mistake in a script or a .env file must not open the API to the network.
 */
const hostOf = (env: Env): string => {
  const host = env.HOST ?? '127.0.0.1';
  if (host.trim() === '' || /\s/.test(host)) {
    throw new ConfigError(`HOST must be an address or host name to bind (got '${host}'): unset it for 127.0.0.1, 0.0.0.0 or :: for every interface`);
  }
  return host;
};

const rateLimitOf = (env: Env): JobledgerConfig['rateLimit'] => {
  const perSecond = int(env, 'JOBLEDGER_RATE_LIMIT_PER_SEC', 0, 0, 1_000_000);
  return { perSecond, burst: int(env, 'JOBLEDGER_RATE_LIMIT_BURST', Math.max(1, 2 * perSecond), 1, 10_000_000) };
};

/**
 * One typed, validated object read from the environment at boot; bad config fails fast, before
 * anything is written: the data dir and its secret are made only for a configuration that serves.
 */
const MAX_GENERATION_CACHE_MS = 60_000;
const generationCacheMsOf = (env: Env): number => int(env, 'JOBLEDGER_GENERATION_CACHE_MS', 1000, 0, MAX_GENERATION_CACHE_MS);

/**
 * By default a retired generation outlives any reader's cache, whatever any process sets
 * (twice the longest allowed, plus a second): an API process configured with a longer cache
 * than the worker's would otherwise read a table already dropped. Set lower, it must still
 * exceed twice this process's own cache.
 */
const generationDropMsOf = (env: Env, generationCacheMs: number): number => {
  const least = 2 * generationCacheMs + 1000;
  const drop = int(env, 'JOBLEDGER_GENERATION_DROP_MS', 2 * MAX_GENERATION_CACHE_MS + 1000, 0, 86_400_000);
  if (drop < least) throw new ConfigError(`JOBLEDGER_GENERATION_DROP_MS must be at least twice JOBLEDGER_GENERATION_CACHE_MS plus 1000 (${least}) on this process, and on every process that reads`);
  return drop;
};

export const loadConfig = (env: Env = process.env): JobledgerConfig => {
  const config = readConfig(env);
  givenSecret(env); // a secret too short is refused before the data dir is made
  mkdirSync(config.dataDir, { recursive: true });
  return { ...config, jwtSecret: jwtSecretFor(env, config.dataDir) };
};

const readConfig = (env: Env): Omit<JobledgerConfig, 'jwtSecret'> => {
  const dataDir = dataDirOf(env);
  const eventStore = oneOf(env, 'JOBLEDGER_EVENTSTORE', ['sqlite', 'esdb'] as const, 'sqlite');
  const readStore = oneOf(env, 'JOBLEDGER_READSTORE', ['sqlite', 'mongodb'] as const, 'sqlite');
  const blobStore = oneOf(env, 'JOBLEDGER_BLOBSTORE', ['fs', 'gridfs'] as const, 'fs');
  const eventStoreConnectionString = env.EVENTSTORE_CONNECTION_STRING ?? null;
  const mongodbUri = env.MONGODB_URI ?? null;
  const generationCacheMs = generationCacheMsOf(env);
  if (eventStore === 'esdb') checkEsdbConnectionString(eventStoreConnectionString);
  if (readStore === 'mongodb' || blobStore === 'gridfs') checkMongodbUri(mongodbUri);
  return {
    role: oneOf(env, 'JOBLEDGER_ROLE', ROLES, 'all'),
    port: int(env, 'PORT', 3000, 0, 65535),
    host: hostOf(env),
    dataDir,
    eventStore,
    eventStoreConnectionString,
    readStore,
    mongodbUri,
    blobStore,
    sqliteSync: oneOf(env, 'JOBLEDGER_SQLITE_SYNC', ['full', 'normal'] as const, 'full'),
    sqliteCheckpointMs: int(env, 'JOBLEDGER_SQLITE_CHECKPOINT_MS', 100, 0, 60_000),
    leaseSeconds: {
      agent: int(env, 'JOBLEDGER_LEASE_SECONDS', 300, 1, 86_400),
      operator: int(env, 'JOBLEDGER_OPERATOR_LEASE_SECONDS', 8 * 3600, 1, 7 * 86_400),
    },
    leaseCheckIntervalMs: int(env, 'JOBLEDGER_LEASE_CHECK_MS', 1000, 10, 600_000),
    maxEvidenceBytes: int(env, 'JOBLEDGER_MAX_EVIDENCE_BYTES', 25 * 1024 * 1024, 1, 1024 * 1024 * 1024),
    inlineEvidenceMaxBytes: int(env, 'JOBLEDGER_INLINE_EVIDENCE_MAX_BYTES', 256 * 1024, 0, 16 * 1024 * 1024),
    settleTimeoutMs: int(env, 'JOBLEDGER_SETTLE_TIMEOUT_MS', 2000, 0, 60_000),
    heapGrowthPercent: int(env, 'JOBLEDGER_HEAP_GROWTH_PERCENT', 300, 0, 1000),
    readLagBoundMs: int(env, 'JOBLEDGER_READ_LAG_BOUND_MS', 15, 0, 60_000),
    commandRetries: int(env, 'JOBLEDGER_COMMAND_RETRIES', 8, 0, 100),
    workerLeaseMs: int(env, 'JOBLEDGER_WORKER_LEASE_MS', 15_000, 300, 600_000),
    workerThread: oneOf(env, 'JOBLEDGER_WORKER_THREAD', ['on', 'off'] as const, 'on') === 'on',
    workerPort: env.JOBLEDGER_WORKER_PORT ? int(env, 'JOBLEDGER_WORKER_PORT', 0, 0, 65535) : null,
    generationCacheMs,
    generationDropMs: generationDropMsOf(env, generationCacheMs),
    rebuildPollMs: int(env, 'JOBLEDGER_REBUILD_POLL_MS', 500, 10, 60_000),
    healthMaxLagMs: int(env, 'JOBLEDGER_HEALTH_MAX_LAG_MS', 30_000, 1, 86_400_000),
    rateLimit: rateLimitOf(env),
  };
};

export const CONFIG = Symbol('CONFIG');
