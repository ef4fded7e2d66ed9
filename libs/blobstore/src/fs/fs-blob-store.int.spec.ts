import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blobStoreContract } from '../../contract/blob-store.contract';
import { samples } from '../../contract/samples';
import { FsBlobStore } from './fs-blob-store';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'jobledger-blobs-'));

blobStoreContract('fs', async ({ maxBytes }) => {
  const dir = tempDir();
  const store = new FsBlobStore({ dir: join(dir, 'blobs'), maxBytes });
  // Closed first: its thread may still be placing a file into the folder being removed.
  return { store, cleanup: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
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
    await expect(store.has(sha)).resolves.toBe(true); // placing happens after the acknowledgement; a lookup waits for it
    const folder = join(dir, sha.slice(0, 2));
    // The file is visible once linked into place; its temp name is unlinked just after. Polled (a bound, not a speed figure).
    const incoming = () => readdirSync(join(dir, '.incoming'));
    for (let i = 0; i < 200 && !incoming().every((name) => name.endsWith('.journal')); i++) await new Promise((r) => setTimeout(r, 25));
    expect(readdirSync(folder)).toEqual([sha]);
    expect(readFileSync(join(folder, sha)).equals(samples.png)).toBe(true);
    expect(incoming().every((name) => name.endsWith('.journal'))).toBe(true);
  });

  it.each([
    ['cut short', (bytes: Buffer) => bytes.subarray(0, 5)],
    ['of the same size, one byte changed', (bytes: Buffer) => Buffer.concat([bytes.subarray(0, -1), Buffer.from([bytes[bytes.length - 1] ^ 1])])],
  ])('repairs a stored file found %s when the same bytes are put again', async (_name, damage) => {
    await store.put(samples.png, 'image/png');
    await expect(store.has(sha)).resolves.toBe(true);
    const file = join(dir, sha.slice(0, 2), sha);
    writeFileSync(file, damage(samples.png));
    await store.put(samples.png, 'image/png');
    // Placed just after the acknowledgement (the journal holds the bytes until then). Polled (a bound, not a speed figure).
    const repaired = () => readFileSync(file).equals(samples.png);
    for (let i = 0; i < 200 && !repaired(); i++) await new Promise((r) => setTimeout(r, 25));
    expect(repaired()).toBe(true);
  });

  describe('after a crash, from the journal of acknowledged writes', () => {
    const journal = (name: string, entries: Array<{ sha: string; bytes: Buffer }>) => {
      mkdirSync(join(dir, '.incoming'), { recursive: true });
      const parts = entries.flatMap(({ sha: s, bytes }) => {
        const header = Buffer.alloc(68);
        header.write(s, 0, 'latin1');
        header.writeUInt32BE(bytes.length, 64);
        return [header, bytes];
      });
      writeFileSync(join(dir, '.incoming', name), Buffer.concat(parts));
    };
    const placed = (s = sha) => join(dir, s.slice(0, 2), s);
    const journals = (folder = dir) => readdirSync(join(folder, '.incoming')).filter((n) => n.endsWith('.journal') || n.endsWith('.retiring'));
    /** The sha256s a segment holds, read as replay reads them (stops at the first entry that does not hash right). */
    const shasIn = (name: string): string[] => {
      const data = readFileSync(join(dir, '.incoming', name));
      const found: string[] = [];
      for (let at = 0; at + 68 <= data.length; ) {
        const s = data.toString('latin1', at, at + 64);
        const length = data.readUInt32BE(at + 64);
        const bytes = data.subarray(at + 68, at + 68 + length);
        if (bytes.length !== length || createHash('sha256').update(bytes).digest('hex') !== s) break;
        found.push(s);
        at += 68 + length;
      }
      return found;
    };
    /** Polls (a bound, not a speed figure) until no journal is left. */
    const allRetired = async (folder = dir) => {
      for (let i = 0; i < 200 && journals(folder).length > 0; i++) await new Promise((r) => setTimeout(r, 25));
      return journals(folder);
    };
    const other = Buffer.concat([samples.png, Buffer.from('other')]);
    const otherSha = createHash('sha256').update(other).digest('hex');

    it('puts back a blob whose file was lost before any read is answered, then retires the journal once idle', async () => {
      journal('0f1e2d3c-0001.journal', [{ sha, bytes: samples.png }]);
      const quick = new FsBlobStore({ dir, journalRetireMs: 100 });
      try {
        await expect(quick.has(sha)).resolves.toBe(true);
        expect((await quick.get(sha))?.bytes.equals(samples.png)).toBe(true);
        expect(readFileSync(placed()).equals(samples.png)).toBe(true);
        expect(await allRetired()).toEqual([]);
      } finally {
        await quick.close();
      }
    });

    it('rewrites a file the crash left torn before serving it, and ignores a torn tail (never acknowledged)', async () => {
      mkdirSync(join(dir, sha.slice(0, 2)), { recursive: true });
      writeFileSync(placed(), samples.png.subarray(0, 5));
      journal('0f1e2d3c-0002.journal', [{ sha, bytes: samples.png }, { sha: otherSha, bytes: other.subarray(0, 9) }]);
      expect((await store.get(sha))?.bytes.equals(samples.png)).toBe(true);
      expect(readFileSync(placed()).equals(samples.png)).toBe(true);
      await expect(store.has(otherSha)).resolves.toBe(false);
    });

    it("lets a second writer on the same folder serve the first one's blobs, and leave its young segment alone", async () => {
      await store.put(samples.png, 'image/png'); // this writer's segment is open
      const [open] = journals();
      const second = new FsBlobStore({ dir, journalRetireMs: 30_000 });
      try {
        await expect(second.has(sha)).resolves.toBe(true); // the second writer starts and sweeps
        await store.put(other, 'image/png');
        expect(journals()).toContain(open);
        await expect(second.has(otherSha)).resolves.toBe(true);
      } finally {
        await second.close();
      }
    });

    it('acknowledges no write into a segment a sweep has claimed: the group is written again in a new segment', async () => {
      await store.put(samples.png, 'image/png');
      const [open] = journals();
      // A sweep on another writer claims the open segment, as it does an idle one, and may read it now.
      const claimed = open.replace(/\.journal$/, '.retiring');
      renameSync(join(dir, '.incoming', open), join(dir, '.incoming', claimed));
      await store.put(other, 'image/png');
      const unclaimed = journals().filter((name) => name.endsWith('.journal'));
      expect(unclaimed).toHaveLength(1);
      expect(shasIn(unclaimed[0])).toEqual([otherSha]);
    });

    it('finishes a claim a crash interrupted: a claimed segment is replayed at start, then retired', async () => {
      journal('0f1e2d3c-0003.retiring', [{ sha, bytes: samples.png }]);
      const quick = new FsBlobStore({ dir, journalRetireMs: 100 });
      try {
        expect((await quick.get(sha))?.bytes.equals(samples.png)).toBe(true);
        expect(await allRetired()).toEqual([]);
        expect(readFileSync(placed()).equals(samples.png)).toBe(true);
      } finally {
        await quick.close();
      }
    });

    it('finds an acknowledged blob in a claimed segment before the claim is finished', async () => {
      await expect(store.has(sha)).resolves.toBe(false); // started: the claim below is not replayed at start
      journal('0f1e2d3c-0004.retiring', [{ sha: otherSha, bytes: other }]);
      await expect(store.has(otherSha)).resolves.toBe(true);
      expect(readFileSync(placed(otherSha)).equals(other)).toBe(true);
    });

    it('drops temp files a crash left behind once they have been idle as long as a segment', async () => {
      mkdirSync(join(dir, '.incoming'), { recursive: true });
      const stale = `${sha}.0f1e2d3c-0005.tmp`;
      writeFileSync(join(dir, '.incoming', stale), samples.png.subarray(0, 7));
      const quick = new FsBlobStore({ dir, journalRetireMs: 100 });
      try {
        await quick.put(other, 'image/png');
        for (let i = 0; i < 200 && readdirSync(join(dir, '.incoming')).includes(stale); i++) await new Promise((r) => setTimeout(r, 25));
        expect(readdirSync(join(dir, '.incoming'))).not.toContain(stale);
      } finally {
        await quick.close();
      }
    });

    it('judges a segment idle by watching it change, not by its mtime against the clock (which may be stepped)', async () => {
      const quick = new FsBlobStore({ dir, journalRetireMs: 300 });
      try {
        await expect(quick.has(sha)).resolves.toBe(false); // started
        const name = '0f1e2d3c-0006.journal';
        journal(name, [{ sha, bytes: samples.png }]);
        // Written to all along, with mtimes from long ago: as after a forward step of the clock.
        for (let i = 0; i < 30; i++) {
          utimesSync(join(dir, '.incoming', name), new Date(i * 1000), new Date(i * 1000));
          await new Promise((r) => setTimeout(r, 50));
        }
        expect(journals()).toEqual([name]);
        expect(await allRetired()).toEqual([]); // once left alone, it is retired
      } finally {
        await quick.close();
      }
    });

    it('claims a segment before retiring it: one whose retiring fails is kept, claimed, and reported', async () => {
      const warnings: string[] = [];
      const quick = new FsBlobStore({ dir, journalRetireMs: 100, onWarning: (w) => warnings.push(w) });
      try {
        await expect(quick.has(sha)).resolves.toBe(false); // started
        writeFileSync(join(dir, sha.slice(0, 2)), 'a file where the fan-out folder goes');
        journal('0f1e2d3c-0007.journal', [{ sha, bytes: samples.png }]);
        for (let i = 0; i < 200 && warnings.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
        expect(warnings[0]).toMatch(/^evidence journal 0f1e2d3c-0007\.retiring: .+\(kept, and tried again at every sweep\)$/);
        expect(journals()).toEqual(['0f1e2d3c-0007.retiring']);
        await new Promise((r) => setTimeout(r, 300)); // more failed sweeps: told once
        expect(warnings).toHaveLength(1);
        rmSync(join(dir, sha.slice(0, 2)));
        expect(await allRetired()).toEqual([]);
        expect(readFileSync(placed()).equals(samples.png)).toBe(true);
      } finally {
        await quick.close();
      }
    });

    it('rewrites every file of a segment found already claimed (an earlier fsync cannot be trusted), then retires it', async () => {
      const quick = new FsBlobStore({ dir, journalRetireMs: 100 });
      try {
        await quick.put(samples.png, 'image/png');
        await expect(quick.has(sha)).resolves.toBe(true);
        const before = statSync(placed()).ino;
        journal('0f1e2d3c-0008.retiring', [{ sha, bytes: samples.png }]);
        expect(await allRetired()).toEqual([]);
        expect(statSync(placed()).ino).not.toBe(before);
        expect(readFileSync(placed()).equals(samples.png)).toBe(true);
      } finally {
        await quick.close();
      }
    });

    it('retires its own journals once their files are durable', async () => {
      const quick = new FsBlobStore({ dir: join(dir, 'quick'), journalRetireMs: 300 });
      try {
        await quick.put(samples.png, 'image/png');
        expect(journals(join(dir, 'quick'))).toHaveLength(1);
        expect(await allRetired(join(dir, 'quick'))).toEqual([]);
        expect(readFileSync(join(dir, 'quick', sha.slice(0, 2), sha)).equals(samples.png)).toBe(true);
      } finally {
        await quick.close();
      }
    });
  });

  it('refuses a retire window it cannot keep', () => {
    expect(() => new FsBlobStore({ dir, journalRetireMs: 0 })).toThrow(RangeError);
    expect(() => new FsBlobStore({ dir, journalRetireMs: Number.NaN })).toThrow(RangeError);
    expect(() => new FsBlobStore({ dir, journalRetireMs: 99 })).toThrow(RangeError);
  });

  it('places every acknowledged blob before close() resolves', async () => {
    const many = Array.from({ length: 40 }, (_, i) => Buffer.concat([samples.png, Buffer.from(`photo ${i}`)]));
    await Promise.all(many.map((bytes) => store.put(bytes, 'image/png')));
    await store.close();
    for (const bytes of many) {
      const s = createHash('sha256').update(bytes).digest('hex');
      expect(readFileSync(join(dir, s.slice(0, 2), s)).equals(bytes)).toBe(true);
    }
    expect(readdirSync(join(dir, '.incoming')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    store = new FsBlobStore({ dir }); // afterEach closes it
  });

  it('tells the type from the bytes, whatever the client declared', async () => {
    await store.put(samples.png, 'application/pdf');
    await expect(store.get(sha)).resolves.toMatchObject({ contentType: 'image/png' });
  });

  it('reports a write that failed (for /health) until a write succeeds; a refused photo is no failure of the disk', async () => {
    await store.put(samples.png, 'image/png');
    expect(store.writeFailure()).toBeNull();
    expect(await store.has(sha)).toBe(true); // placed at its address, not only journalled
    await expect(store.put(Buffer.from('not a photo'), 'image/png')).rejects.toMatchObject({ code: 'UNSUPPORTED_CONTENT_TYPE' });
    expect(store.writeFailure()).toBeNull();
    // The journal's folder made unusable, as a failing disk would: no segment can be opened.
    rmSync(join(dir, '.incoming'), { recursive: true, force: true });
    writeFileSync(join(dir, '.incoming'), 'in the way');
    const photo = Buffer.concat([samples.png, Buffer.from('another')]);
    await expect(store.put(photo, 'image/png')).rejects.toBeDefined();
    expect(store.writeFailure()).toMatch(/^E[A-Z]+: /);
    // A photo already stored is answered without writing: it proves nothing about the disk.
    await store.put(samples.png, 'image/png');
    expect(store.writeFailure()).toMatch(/^E[A-Z]+: /);
    rmSync(join(dir, '.incoming'));
    mkdirSync(join(dir, '.incoming'));
    await store.put(photo, 'image/png');
    expect(store.writeFailure()).toBeNull();
  });

  it('defaults to a 25 MiB limit', async () => {
    const big = Buffer.concat([samples.jpeg, Buffer.alloc(25 * 1024 * 1024 + 1 - samples.jpeg.length)]);
    await expect(store.put(big, 'image/jpeg')).rejects.toMatchObject({ code: 'EVIDENCE_TOO_LARGE', details: { maxBytes: 25 * 1024 * 1024 } });
  });
});
