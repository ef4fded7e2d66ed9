import { randomBytes } from 'node:crypto';
import { connectMongo, type MongoConnection } from '../connection';

/**
 * For a server-backed suite: one client for the suite, a fresh database per test (dropped
 * by `cleanup`). The server is probed before any test: an unreachable one fails the suite
 * after a few seconds, with the reason, and the failed connection is never retried per test.
 * Call it inside a `describe` (it registers the probe and the client's closing there).
 */
export const freshDatabases = (uri: string): (() => Promise<{ connection: MongoConnection; cleanup(): Promise<void> }>) => {
  let connecting: Promise<MongoConnection> | undefined;
  const connect = (): Promise<MongoConnection> => (connecting ??= connectMongo(uri, { serverSelectionTimeoutMS: 3000 }));
  beforeAll(connect);
  afterAll(async () => (await connecting?.catch(() => undefined))?.close());
  return async () => {
    const shared = await connect();
    const db = shared.client.db(`jl_test_${randomBytes(6).toString('hex')}`);
    return { connection: { ...shared, db }, cleanup: async () => void (await db.dropDatabase()) };
  };
};
