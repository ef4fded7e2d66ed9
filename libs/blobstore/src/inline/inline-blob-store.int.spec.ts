import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newEvent } from '../../../eventstore/contract/fixtures';
import { SqliteEventStore } from '../../../eventstore/src/sqlite/sqlite-event-store';
import { blobStoreContract } from '../../contract/blob-store.contract';
import { jpegOfSize, samples } from '../../contract/samples';
import { FsBlobStore } from '../fs/fs-blob-store';
import { InlineBlobStore } from './inline-blob-store';

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

type Opened = { readonly dir: string; readonly events: SqliteEventStore; readonly files: FsBlobStore; readonly store: InlineBlobStore; close(): Promise<void> };

const open = (dir: string, inlineMaxBytes: number, maxBytes?: number, maxStagedBytes?: number): Opened => {
  const events = SqliteEventStore.open({ file: join(dir, 'events.sqlite') });
  const files = new FsBlobStore({ dir: join(dir, 'blobs'), maxBytes });
  const store = new InlineBlobStore({ joinCommits: (attach) => events.joinCommits(attach), large: files, maxBytes, inlineMaxBytes, maxStagedBytes });
  // As the backends do: the event store first (its last group writes what is staged).
  return { dir, events, files, store, close: async () => (await events.close(), await store.close()) };
};

// The contract's samples are tens of bytes and its limit 1 KiB: at 512 the largest goes to files.
blobStoreContract('inline (SQLite event log) over fs', async ({ maxBytes }) => {
  const dir = mkdtempSync(join(tmpdir(), 'jobledger-inline-'));
  const opened = open(dir, 512, maxBytes);
  return { store: opened.store, cleanup: async () => (await opened.close(), rmSync(dir, { recursive: true, force: true })) };
});

describe('InlineBlobStore', () => {
  let dir: string;
  let opened: Opened;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jobledger-inline-'));
    opened = open(dir, 1024);
  });
  afterEach(async () => {
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits small evidence with the next append, in the event log, and nothing in the folder', async () => {
    const stored = await opened.store.put(samples.png, 'image/png');
    expect(stored.blobRef).toBe(`inline:${sha(samples.png)}`);
    await opened.events.append('job-1', [newEvent('EvidenceCaptured')], 'no_stream');
    // Another connection (another process after a restart) finds both.
    const other = open(dir, 1024);
    await expect(other.store.get(stored.sha256)).resolves.toMatchObject({ contentType: 'image/png' });
    expect((await other.store.get(stored.sha256))?.bytes.equals(samples.png)).toBe(true);
    expect((await other.events.readStream('job-1')).map((e) => e.type)).toEqual(['EvidenceCaptured']);
    await other.close();
    expect(existsSync(join(dir, 'blobs', stored.sha256.slice(0, 2)))).toBe(false); // no file of it
  });

  it('serves staged bytes before they are committed, and commits them even when no append follows', async () => {
    const stored = await opened.store.put(samples.pdf, 'application/pdf');
    await expect(opened.store.has(stored.sha256)).resolves.toBe(true); // staged
    const other = open(dir, 1024);
    await expect(other.store.has(stored.sha256)).resolves.toBe(false); // not committed yet
    await new Promise((r) => setImmediate(r)); // the group commit it asked for
    await expect(other.store.has(stored.sha256)).resolves.toBe(true);
    await other.close();
  });

  it('sends evidence above the inline size to the large store, and finds it there', async () => {
    const big = jpegOfSize(1025);
    const stored = await opened.store.put(big, 'image/jpeg');
    expect(stored.blobRef).toBe(`fs:${sha(big)}`);
    await expect(opened.files.has(stored.sha256)).resolves.toBe(true);
    expect((await opened.store.get(stored.sha256))?.bytes.equals(big)).toBe(true);
  });

  it('finds evidence the folder held before inline storage was on', async () => {
    const earlier = await opened.files.put(samples.jpeg, 'image/jpeg');
    await expect(opened.store.has(earlier.sha256)).resolves.toBe(true);
    expect((await opened.store.get(earlier.sha256))?.bytes.equals(samples.jpeg)).toBe(true);
  });

  it('keeps the bytes it was given, not the caller\'s buffer after a change', async () => {
    const bytes = Buffer.from(samples.png);
    const stored = await opened.store.put(bytes, 'image/png');
    bytes.fill(0);
    expect((await opened.store.get(stored.sha256))?.bytes.equals(samples.png)).toBe(true);
  });

  it('sends new evidence to the large store while too much waits for a commit', async () => {
    await opened.close();
    opened = open(dir, 1024, undefined, 40); // room for one of these small photos staged at a time
    const first = await opened.store.put(samples.png, 'image/png');
    const second = await opened.store.put(samples.jpeg, 'image/jpeg'); // same turn: the first is still staged
    expect([first.blobRef.split(':')[0], second.blobRef.split(':')[0]]).toEqual(['inline', 'fs']);
    await new Promise((r) => setImmediate(r)); // committed: room again
    await expect(opened.store.put(samples.pdf, 'application/pdf')).resolves.toMatchObject({ blobRef: expect.stringMatching(/^inline:/) });
  });

  it('keeps nothing new inline at size 0, and still reads what it kept', async () => {
    const kept = await opened.store.put(samples.png, 'image/png');
    await opened.close();
    opened = open(dir, 0);
    await expect(opened.store.put(samples.jpeg, 'image/jpeg')).resolves.toMatchObject({ blobRef: expect.stringMatching(/^fs:/) });
    expect((await opened.store.get(kept.sha256))?.bytes.equals(samples.png)).toBe(true);
  });

  it('refuses puts once closed', async () => {
    await opened.close();
    await expect(opened.store.put(samples.png, 'image/png')).rejects.toThrow('closed');
    opened = open(dir, 1024); // for afterEach
  });
});
