'use strict';
// The evidence writer's own thread. Each durable write is a chain of ten filesystem calls;
// on the API's busy event loop every one of them waits for a turn (measured: ~120 ms per photo
// under load, against ~2 ms on an idle loop). Here the loop is idle, so the chain runs at the
// disk's pace and the API thread pays one message each way.
//
// Plain JavaScript on purpose: a worker thread loads a file, and this one must load the same
// way from the sources (tests) and from the build (tsc copies it, allowJs).
const { randomUUID } = require('node:crypto');
const { mkdir, open, rename, stat, unlink } = require('node:fs/promises');
const { basename, dirname, join } = require('node:path');
const { parentPort } = require('node:worker_threads');

const exists = async (path) => {
  try {
    return (await stat(path)).isFile();
  } catch (error) {
    if (error && error.code === 'ENOENT') return false;
    throw error;
  }
};

/** Makes a rename durable: the directory entry itself must reach the disk. */
const fsyncDir = async (dir) => {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
};

/**
 * A reader (or a crash) sees either no file or the whole file: bytes go to a uniquely named
 * dot-file in the same folder, are fsynced, then renamed over the final name (atomic within one
 * filesystem), and the folder is fsynced. A crash leaves at most a stray temp file, which no
 * lookup ever reads. The names are content addresses, so a file already there is the same bytes.
 */
const writeAtomically = async (path, bytes) => {
  if (await exists(path)) return;
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomUUID()}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
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

// Writes run concurrently (libuv's pool does the blocking calls); each answer names its request.
parentPort.on('message', ({ id, path, bytes }) => {
  writeAtomically(path, bytes).then(
    () => parentPort.postMessage({ id }),
    (error) => parentPort.postMessage({ id, error: { message: String((error && error.message) || error), code: error && error.code } }),
  );
});
