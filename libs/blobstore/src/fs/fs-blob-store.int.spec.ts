import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blobStoreContract } from '../../contract/blob-store.contract';
import { samples } from '../../contract/samples';
import { FsBlobStore } from './fs-blob-store';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'jobledger-blobs-'));

blobStoreContract('fs', async ({ maxBytes }) => {
  const dir = tempDir();
  return { store: new FsBlobStore({ dir: join(dir, 'blobs'), maxBytes }), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});

describe('FsBlobStore on disk', () => {
  let dir: string;
  let store: FsBlobStore;
  const sha = createHash('sha256').update(samples.png).digest('hex');

  beforeEach(() => {
    dir = tempDir();
    store = new FsBlobStore({ dir });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lays blobs out as <dir>/<sha[0..2]>/<sha>, one file per blob, and leaves no temp files', async () => {
    const stored = await store.put(samples.png, 'image/png');
    expect(stored.blobRef).toBe(`fs:${sha}`);
    const folder = join(dir, sha.slice(0, 2));
    expect(readdirSync(folder)).toEqual([sha]);
    expect(readFileSync(join(folder, sha)).equals(samples.png)).toBe(true);
  });

  it('never mistakes a crashed write (a stray temp file) for the blob', async () => {
    const folder = join(dir, sha.slice(0, 2));
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `.${sha}.1234.crashed.tmp`), samples.png.subarray(0, 5));
    await expect(store.has(sha)).resolves.toBe(false);
    await expect(store.get(sha)).resolves.toBeNull();
    await store.put(samples.png, 'image/png');
    expect((await store.get(sha))?.bytes.equals(samples.png)).toBe(true);
  });

  it('tells the type from the bytes, whatever the client declared', async () => {
    await store.put(samples.png, 'application/pdf');
    await expect(store.get(sha)).resolves.toMatchObject({ contentType: 'image/png' });
  });

  it('defaults to a 25 MiB limit', async () => {
    const big = Buffer.concat([samples.jpeg, Buffer.alloc(25 * 1024 * 1024 + 1 - samples.jpeg.length)]);
    await expect(store.put(big, 'image/jpeg')).rejects.toMatchObject({ code: 'EVIDENCE_TOO_LARGE', details: { maxBytes: 25 * 1024 * 1024 } });
  });
});
