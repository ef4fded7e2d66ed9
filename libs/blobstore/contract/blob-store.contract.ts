import { createHash } from 'node:crypto';
import type { BlobStore } from '../src/port';
import { jpegOfSize, samples } from './samples';

export type OpenBlobStore = (options: { readonly maxBytes: number }) => Promise<{ store: BlobStore; cleanup(): Promise<void> }>;

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const MAX_BYTES = 1024;

/**
 * The behaviour every BlobStore adapter must share, written against the port only. Each
 * test gets a fresh store limited to `MAX_BYTES`, so the size limit is cheap to reach.
 */
export const blobStoreContract = (name: string, open: OpenBlobStore): void => {
  describe(`BlobStore contract: ${name}`, () => {
    let current: { store: BlobStore; cleanup(): Promise<void> } | undefined;
    const store = (): BlobStore => {
      if (!current) throw new Error('no store open');
      return current.store;
    };
    beforeEach(async () => {
      current = await open({ maxBytes: MAX_BYTES });
    });
    afterEach(async () => {
      await current?.cleanup();
      current = undefined;
    });

    it('stores bytes under their sha256 and gives them back with their type', async () => {
      const stored = await store().put(samples.png, 'image/png');
      expect(stored).toMatchObject({ sha256: sha256(samples.png), sizeBytes: samples.png.length, contentType: 'image/png' });
      expect(stored.blobRef).toEqual(expect.stringContaining(stored.sha256));
      await expect(store().has(stored.sha256)).resolves.toBe(true);
      const back = await store().get(stored.sha256);
      expect(back?.contentType).toBe('image/png');
      expect(back?.bytes.equals(samples.png)).toBe(true);
    });

    it('records the type the bytes prove, not the declared one', async () => {
      const stored = await store().put(samples.pdf, 'image/jpeg');
      expect(stored.contentType).toBe('application/pdf');
      await expect(store().get(stored.sha256)).resolves.toMatchObject({ contentType: 'application/pdf' });
    });

    it('treats storing the same bytes twice as one blob', async () => {
      const first = await store().put(samples.jpeg, 'image/jpeg');
      const second = await store().put(samples.jpeg, 'application/octet-stream');
      expect(second).toEqual(first);
      expect((await store().get(first.sha256))?.bytes.equals(samples.jpeg)).toBe(true);
    });

    it('keeps different bytes apart', async () => {
      const jpeg = await store().put(samples.jpeg, 'image/jpeg');
      const pdf = await store().put(samples.pdf, 'application/pdf');
      expect(jpeg.sha256).not.toBe(pdf.sha256);
      expect((await store().get(jpeg.sha256))?.bytes.equals(samples.jpeg)).toBe(true);
      expect((await store().get(pdf.sha256))?.bytes.equals(samples.pdf)).toBe(true);
    });

    it('accepts exactly maxBytes and refuses one byte more as too large', async () => {
      await expect(store().put(jpegOfSize(MAX_BYTES), 'image/jpeg')).resolves.toMatchObject({ sizeBytes: MAX_BYTES });
      const tooBig = jpegOfSize(MAX_BYTES + 1);
      await expect(store().put(tooBig, 'image/jpeg')).rejects.toMatchObject({
        code: 'EVIDENCE_TOO_LARGE',
        kind: 'too_large',
        details: { maxBytes: MAX_BYTES, sizeBytes: MAX_BYTES + 1 },
      });
      await expect(store().has(sha256(tooBig))).resolves.toBe(false);
    });

    it('refuses bytes of no supported type, naming the allowed ones', async () => {
      const refused = store().put(samples.text, 'image/png');
      await expect(refused).rejects.toMatchObject({ code: 'UNSUPPORTED_CONTENT_TYPE', kind: 'unsupported_media' });
      await expect(refused).rejects.toHaveProperty('details.allowed', expect.arrayContaining(['image/jpeg', 'image/png', 'image/heic', 'application/pdf']));
      await expect(store().has(sha256(samples.text))).resolves.toBe(false);
    });

    it('answers null / false for a hash it does not hold, or that is no hash at all', async () => {
      const unknown = sha256(Buffer.from('never stored'));
      await expect(store().get(unknown)).resolves.toBeNull();
      await expect(store().has(unknown)).resolves.toBe(false);
      await expect(store().get('../../etc/passwd')).resolves.toBeNull();
      await expect(store().has('../../etc/passwd')).resolves.toBe(false);
    });
  });
};
