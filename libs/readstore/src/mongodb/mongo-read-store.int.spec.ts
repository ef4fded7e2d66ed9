import { describeWithServer } from '../../../testing/server-backed';
import { readStoreContract } from '../../contract/read-store.contract';
import { MongoReadStore } from './mongo-read-store';
import { freshDatabases } from './testing/fresh-database';

describeWithServer('MongoDB read store', 'MONGODB_URI', (uri) => {
  const freshDatabase = freshDatabases(uri);
  readStoreContract('mongodb', async () => {
    const { connection, cleanup } = await freshDatabase();
    return { store: new MongoReadStore(connection), cleanup };
  });
});
