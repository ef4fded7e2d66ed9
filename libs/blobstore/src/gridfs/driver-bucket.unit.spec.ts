import { GridFSBucket, type Db, type ObjectId } from 'mongodb';
import type { MongoConnection } from '../../../readstore/src/mongodb/connection';
import { samples } from '../../contract/samples';
import { GridFsBlobStore } from './gridfs-blob-store';

/*
 * The driver's own GridFSBucket over a database held in memory (only the collection calls GridFS
 * makes), whose file-document insert fails as when the server goes away after the last chunk.
 * It pins what the driver does there: `abort()` refuses once the stream has ended, so the store
 * must remove the chunks another way.
 */
const databaseLosingFileDocuments = () => {
  const chunks: Array<{ files_id: ObjectId }> = [];
  const cursor = (docs: unknown[]) => ({ toArray: async () => docs, next: async () => docs[0] ?? null, limit() { return this; }, sort() { return this; } });
  const collection = (name: string) => ({
    findOne: async () => null,
    listIndexes: () => cursor([]),
    createIndex: async () => 'ok',
    find: () => cursor([]),
    insertOne: async (doc: { files_id: ObjectId }) => {
      if (name.endsWith('.files')) throw new Error('connection closed');
      chunks.push(doc);
      return { acknowledged: true };
    },
    deleteOne: async () => ({ deletedCount: 0 }),
    deleteMany: async (filter: { files_id: { $eq: ObjectId } }) => {
      const before = chunks.length;
      for (let i = chunks.length - 1; i >= 0; i -= 1) if (filter.files_id.$eq.equals(chunks[i].files_id)) chunks.splice(i, 1);
      return { deletedCount: before - chunks.length };
    },
  });
  return { db: { collection, options: {} } as unknown as Db, chunks };
};

describe('GridFsBlobStore on the driver’s GridFSBucket', () => {
  it('removes the chunks of an upload whose file document failed, though the driver refuses to abort it', async () => {
    const { db, chunks } = databaseLosingFileDocuments();
    const bucket = new GridFSBucket(db, { bucketName: 'evidence' });
    const store = new GridFsBlobStore({ connection: { db, close: async () => undefined } as unknown as MongoConnection, bucket });
    await expect(store.put(samples.png, 'image/png')).rejects.toThrow('connection closed');
    expect(chunks).toEqual([]);
  });

  it('(the driver: abort() after the last chunk was asked for is refused)', async () => {
    const { db } = databaseLosingFileDocuments();
    const upload = new GridFSBucket(db, { bucketName: 'evidence' }).openUploadStream('x');
    await new Promise<void>((resolve) => {
      upload.on('error', () => resolve());
      upload.end(Buffer.from('abc'));
    });
    await expect(upload.abort()).rejects.toThrow('Cannot abort a stream that has already completed');
  });
});
