import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';

export type SyncMode = 'full' | 'normal';

/**
 * The durability mode of this run, read exactly as the product reads it (JOBLEDGER_SQLITE_SYNC,
 * default full), so the raw ceiling and the product are always measured with the same fsync policy.
 */
export const syncModeFromEnv = (env: NodeJS.ProcessEnv = process.env): SyncMode => {
  const v = (env.JOBLEDGER_SQLITE_SYNC ?? 'full').toLowerCase();
  if (v !== 'full' && v !== 'normal') throw new Error(`JOBLEDGER_SQLITE_SYNC must be full|normal (got '${v}')`);
  return v;
};

export const machine = () => ({ cpus: cpus().length, node: process.version, platform: `${process.platform}-${process.arch}` });

/**
 * Runs `work` with a fresh directory under the OS temp dir and removes it afterwards, whatever
 * happens. Every scenario gets its own, so no scenario measures another's leftovers.
 */
export const withTempDir = async <T>(label: string, work: (dir: string) => Promise<T>): Promise<T> => {
  const dir = mkdtempSync(`${tmpdir()}/jobledger-bench-${label}-`);
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** The env a product instance of this run boots with: its own data dir, this run's sync mode. */
export const productEnv = (dataDir: string, sync: SyncMode): NodeJS.ProcessEnv => ({
  JOBLEDGER_DATA_DIR: dataDir,
  JOBLEDGER_SQLITE_SYNC: sync,
  HOST: '127.0.0.1',
  PORT: '0',
});
