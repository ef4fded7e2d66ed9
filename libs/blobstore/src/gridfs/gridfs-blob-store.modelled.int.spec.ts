import type { MongoConnection } from '../../../readstore/src/mongodb/connection';
import { blobStoreContract } from '../../contract/blob-store.contract';
import { samples } from '../../contract/samples';
import { admit } from '../admit';
import { GridFsBlobStore } from './gridfs-blob-store';
import { fileMetadata } from './metadata';
import { InMemoryBucket } from './testing/in-memory-bucket';

/*
 * The contract again on an in-memory bucket: it drives this adapter's own logic on every
 * run, server or not. The server-backed suite (gridfs-blob-store.int.spec.ts) is the real proof.
 */
const connection = { close: async () => undefined } as unknown as MongoConnection;
const storeOver = (bucket: InMemoryBucket, maxBytes?: number) => new GridFsBlobStore({ connection, bucket: bucket.asBucket(), maxBytes });

blobStoreContract('gridfs, modelled in memory', async ({ maxBytes }) => ({ store: storeOver(new InMemoryBucket(), maxBytes), cleanup: async () => undefined }));

describe('GridFsBlobStore on an in-memory bucket', () => {
  const png = admit(samples.png, 1024);

  it('removes the chunks of an upload that failed before its file document was written', async () => {
    const bucket = new InMemoryBucket();
    bucket.failFileDocument = true;
    await expect(storeOver(bucket).put(samples.png, 'image/png')).rejects.toThrow('connection closed');
    expect([...bucket.chunks.values()]).toEqual([]);
    expect(bucket.files).toEqual([]);
  });

  it('keeps an upload whose file document was written though its acknowledgement was lost: a later put and every reader find it', async () => {
    const bucket = new InMemoryBucket();
    bucket.loseFileDocumentAck = true;
    const store = storeOver(bucket);
    await expect(store.put(samples.png, 'image/png')).rejects.toThrow('connection closed');
    bucket.loseFileDocumentAck = false;
    expect(bucket.files).toHaveLength(1);
    await store.put(samples.png, 'image/png');
    expect(bucket.files).toHaveLength(1);
    expect((await store.get(png.sha256))?.bytes).toEqual(samples.png);
  });

  it('stores one file per content, named by its sha256, with its metadata', async () => {
    const bucket = new InMemoryBucket();
    const store = storeOver(bucket);
    const stored = await store.put(samples.png, 'image/png');
    await store.put(samples.png, 'image/jpeg');
    expect(stored.blobRef).toBe(`gridfs:${png.sha256}`);
    expect(bucket.files).toHaveLength(1);
    expect(bucket.files[0]).toMatchObject({ filename: png.sha256, length: samples.png.length, metadata: { sha256: png.sha256, contentType: 'image/png', sizeBytes: samples.png.length } });
  });

  it('keeps the earlier copy when another upload of the same bytes finished first, and deletes its own', async () => {
    const bucket = new InMemoryBucket();
    const store = storeOver(bucket);
    // Another process's upload completes while ours is on its way.
    bucket.beforeFileWritten = (filename) => void bucket.addCopy(filename, samples.png, fileMetadata(png));
    await store.put(samples.png, 'image/png');
    expect(bucket.files).toHaveLength(1);
    const [kept] = bucket.files;
    expect((await store.get(png.sha256))?.bytes.equals(samples.png)).toBe(true);
    expect(bucket.files).toEqual([kept]);
  });

  it('keeps its own copy when it is the earlier one, and every reader takes that one', async () => {
    const bucket = new InMemoryBucket();
    const store = storeOver(bucket);
    await store.put(samples.png, 'image/png');
    const [ours] = bucket.files;
    bucket.addCopy(png.sha256, samples.png, fileMetadata(png)); // a later racer that has not cleaned up yet
    expect((await store.get(png.sha256))?.bytes.equals(samples.png)).toBe(true);
    expect(bucket.files[0]._id.equals(ours._id)).toBe(true);
    await store.put(samples.png, 'image/png'); // known bytes: nothing written, nothing deleted
    expect(bucket.files).toHaveLength(2);
  });
});
