import { freshDatabases } from '../../../readstore/src/mongodb/testing/fresh-database';
import { describeWithServer } from '../../../testing/server-backed';
import { blobStoreContract } from '../../contract/blob-store.contract';
import { GridFsBlobStore } from './gridfs-blob-store';

describeWithServer('GridFS blob store', 'MONGODB_URI', (uri) => {
  const freshDatabase = freshDatabases(uri);
  blobStoreContract('gridfs', async ({ maxBytes }) => {
    const { connection, cleanup } = await freshDatabase();
    return { store: new GridFsBlobStore({ connection, maxBytes }), cleanup };
  });
});
