import { randomBytes } from 'node:crypto';
import { describeWithServer } from '../../../testing/server-backed';
import { readStoreContract } from '../../contract/read-store.contract';
import { connectMongo, type MongoConnection } from './connection';
import { MongoReadStore } from './mongo-read-store';

describeWithServer('MongoDB read store', 'MONGODB_URI', (uri) => {
  // One client for the suite (it fails fast when the server is unreachable); a fresh database per test.
  let connection: MongoConnection | undefined;
  const connect = async (): Promise<MongoConnection> => (connection ??= await connectMongo(uri, { serverSelectionTimeoutMS: 3000 }));
  afterAll(async () => connection?.close());

  readStoreContract('mongodb', async () => {
    const shared = await connect();
    const db = shared.client.db(`jl_test_${randomBytes(6).toString('hex')}`);
    const store = new MongoReadStore({ ...shared, db });
    return { store, cleanup: async () => void (await db.dropDatabase()) };
  });
});
