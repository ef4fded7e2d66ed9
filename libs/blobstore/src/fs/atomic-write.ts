import { randomUUID } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Makes a rename durable: the directory entry itself must reach the disk. */
const fsyncDir = async (dir: string): Promise<void> => {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
};

/**
 * Writes `data` to `path` so that a reader (or a crash) sees either no file or the whole
 * file: bytes go to a uniquely named dot-file in the same directory, are fsynced, then
 * renamed over the final name (atomic within one filesystem). A crash leaves at most a
 * stray temp file, which no lookup ever reads.
 */
export const writeFileAtomically = async (path: string, data: Buffer): Promise<void> => {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomUUID()}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined); // best effort: the write already failed
    throw error;
  }
  await fsyncDir(dir);
};
