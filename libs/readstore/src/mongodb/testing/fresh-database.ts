import { randomBytes } from 'node:crypto';
import { connectMongo, type MongoConnection } from '../connection';

/**
 * For a server-backed suite: one client for the suite, a fresh database per test (dropped
 * by `cleanup`). An unreachable server fails the first test after a few seconds and every
 * later one at once: the failed connection is kept, never retried per test.
 * Call it inside a `describe` (it registers the client's closing with `afterAll`).
 */
export const freshDatabases = (uri: string): (() => Promise<{ connection: MongoConnection; cleanup(): Promise<void> }>) => {
  let connecting: Promise<MongoConnection> | undefined;
  afterAll(async () => (await connecting?.catch(() => undefined))?.close());
  return async () => {
    const shared = await (connecting ??= connectMongo(uri, { serverSelectionTimeoutMS: 3000 }));
    const db = shared.client.db(`jl_test_${randomBytes(6).toString('hex')}`);
    return { connection: { ...shared, db }, cleanup: async () => void (await db.dropDatabase()) };
  };
};
