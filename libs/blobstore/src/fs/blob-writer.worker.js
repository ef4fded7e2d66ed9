'use strict';
// The evidence writer's own thread, for one blob folder (workerData.root).
//
// Why a thread: a durable write is a chain of filesystem calls, and on the API's busy event
// loop every one of them waits for a turn (measured: ~120 ms per photo under load, against
// ~3 ms on an idle loop). Here the API thread pays one message each way.
//
// Why a journal: under load the disk runs out of fsyncs, and creating files is slow while
// others are being fsynced — a file and a folder fsync per photo was the bottleneck of
// evidence capture. So writes are group-committed, as appends are in the event store: every
// photo waiting at that moment is appended to the current journal segment
// `<root>/.incoming/<uuid>.journal` (entries: 64 hex sha256, 4-byte big-endian length, bytes)
// with one fdatasync for the whole group (segments are written full size up front, so that is
// a data flush only), and only then acknowledged. Each photo is then
// written to its content address `<root>/<sha[0..2]>/<sha>` (a temp file linked into place: a
// reader never sees part of a file), off the acknowledgement's path; a lookup that arrives
// first waits for it. A segment takes writes for SEGMENT_MS at most, and is sized after the
// one before it (1–16 MiB beyond the group that opens it), so quiet times write little.
//
// Several writers may share the folder (processes on one data dir, threads of one process), so
// a segment is never owned by name: once a sweep has seen it unchanged for RETIRE_AFTER_MS (far
// beyond SEGMENT_MS; timed on the sweeper's monotonic clock, so a wall-clock step neither
// retires a busy segment nor keeps an idle one), any writer's sweep retires it, idempotently.
// Retiring first *claims* the segment by renaming it `<uuid>.retiring` (a name replay still
// reads), and only then reads its entries, puts back any whose file is missing or torn, fsyncs
// the files and their folders, and deletes it. A writer acknowledges a group only if, after its
// fdatasync, the segment's name still leads to the file it wrote: a group written into a claimed
// segment may have been read before it arrived, so it is written again, elsewhere.
// When a writer starts (before any read is served) it puts back, from every segment, entries
// whose file a crash left missing or torn; a lookup that misses searches the segments too.
// Entries are checked against their sha256: a torn tail was never acknowledged.
//
// Plain JavaScript on purpose: a worker thread loads a file, and this one must load the same
// way from the sources (tests) and from the build (tsc copies it, allowJs).
const { createHash, randomUUID } = require('node:crypto');
const { closeSync, fdatasync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeSync } = require('node:fs');
const { link, open, rename, unlink } = require('node:fs/promises');
const { basename, dirname, join, resolve } = require('node:path');
const { promisify } = require('node:util');
const { parentPort, workerData } = require('node:worker_threads');

const fdatasyncFd = promisify(fdatasync);
const root = workerData.root;
const incoming = join(root, '.incoming');
const RETIRE_AFTER_MS = workerData.retireAfterMs ?? 30_000;
const SEGMENT_MS = Math.min(5_000, Math.floor(RETIRE_AFTER_MS / 3));
const SWEEP_EVERY_MS = Math.min(5_000, RETIRE_AFTER_MS);
const MIN_SEGMENT_BYTES = 1024 * 1024;
const MAX_SEGMENT_BYTES = 16 * 1024 * 1024;
const ZEROS = Buffer.alloc(1024 * 1024);
const JOURNAL = /^[0-9a-f-]+\.journal$/;
const CLAIMED = /^[0-9a-f-]+\.retiring$/;
const TEMP = /^[0-9a-f]{64}\.[0-9a-f-]+\.tmp$/;
const SHA_HEX = 64;

const folderOf = (sha) => join(root, sha.slice(0, 2));
const finalPath = (sha) => join(folderOf(sha), sha);
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const isMissing = (error) => error !== null && typeof error === 'object' && error.code === 'ENOENT';

/**
 * The file at the address is whole: its size first (free, and a torn file is short), then its
 * hash. Read and hashed on this thread, ≈ 50 ms for the largest photo, and only for a photo
 * stored before.
 */
const holdsExactly = (sha, size) => {
  const found = statSync(finalPath(sha), { throwIfNoEntry: false });
  return found !== undefined && found.isFile() && found.size === size && intact(sha);
};

/** The file holds exactly the bytes its name promises. */
const intact = (sha) => {
  try {
    return sha256(readFileSync(finalPath(sha))) === sha;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
};

const fsyncPath = async (path) => {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
};

const writeAll = (fd, bytes, position) => {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at, position + at);
};

/**
 * Visible whole or not at all (a temp file linked into place); durable once fsynced. An intact
 * file already there is never replaced (another writer may have fsynced exactly that one); a
 * torn one is. Temp files live in `.incoming`, where a sweep finds those a crash left behind.
 *
 * A file gets its name only once its bytes are on disk whenever that name may be made durable
 * before this writer's own fsync of it: on the way to durability (`durable`: restoring,
 * retiring) and when replacing a torn file (a sweep may fsync the folder meanwhile). Otherwise a
 * name made durable could lead to bytes that are not, with no journal entry left to repair it.
 * `rewrite` replaces whatever is there with freshly synced bytes: for a claim tried again after
 * a failure, when an earlier fsync's answer cannot be trusted.
 */
const place = async (sha, bytes, { durable = false, rewrite = false } = {}) => {
  mkdirSync(folderOf(sha), { recursive: true });
  const temp = join(incoming, `${sha}.${randomUUID()}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      if (durable || rewrite) await handle.sync();
    } finally {
      await handle.close();
    }
    if (rewrite) return await rename(temp, finalPath(sha));
    try {
      await link(temp, finalPath(sha));
    } catch (error) {
      if (!(error && error.code === 'EEXIST')) throw error;
      if (intact(sha)) return;
      if (!durable) await fsyncPath(temp);
      await rename(temp, finalPath(sha));
    }
  } finally {
    await unlink(temp).catch(() => undefined); // gone already when renamed
  }
};

/** Puts a journalled entry back where it belongs, durably (this writer may not be the one that acknowledged it). */
const restore = async (sha, bytes) => {
  await place(sha, bytes, { durable: true });
  await fsyncPath(finalPath(sha));
  await fsyncPath(folderOf(sha));
  await fsyncPath(root); // the folder itself may be new
};

/** The intact entries of a segment; null if it is gone (claimed or retired by a writer meanwhile). */
const entriesOf = (journal) => {
  let data;
  try {
    data = readFileSync(journal);
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
  const entries = [];
  for (let at = 0; at + SHA_HEX + 4 <= data.length; ) {
    const sha = data.toString('latin1', at, at + SHA_HEX);
    const length = data.readUInt32BE(at + SHA_HEX);
    const bytes = data.subarray(at + SHA_HEX + 4, at + SHA_HEX + 4 + length);
    if (bytes.length !== length || sha256(bytes) !== sha) break; // a torn tail (or the zeros): never acknowledged
    entries.push({ sha, bytes });
    at += SHA_HEX + 4 + length;
  }
  return entries;
};

let segment = null;
/** How much the last segment took: the next is sized after it, so quiet times write little. */
let lastSegmentBytes = 0;
/** Photos acknowledged by this writer but not yet at their address: sha → the write putting them there. */
const placing = new Map();

/** Every segment, open or claimed, but this writer's own open one. */
const segments = () =>
  readdirSync(incoming)
    .filter((name) => (JOURNAL.test(name) || CLAIMED.test(name)) && !(segment !== null && segment.name === name))
    .map((name) => join(incoming, name));

const claimNameOf = (journal) => journal.replace(/\.journal$/, '.retiring');

/** Every entry whose file is missing or torn, put back durably. */
const restoreFrom = async (journal) => {
  for (const { sha, bytes } of entriesOf(journal) ?? []) if (!placing.has(sha) && !intact(sha)) await restore(sha, bytes);
};

/**
 * When each file in `.incoming` was last seen to change, on this thread's monotonic clock: a
 * file is idle once a sweep has seen it unchanged for RETIRE_AFTER_MS. (Its mtime against
 * Date.now() would make a forward clock step retire busy segments, a backward one keep idle
 * segments for as long as the step.)
 */
const seen = new Map();
const idle = (path) => {
  const stat = statSync(path, { bigint: true, throwIfNoEntry: false });
  if (stat === undefined) return false;
  const last = seen.get(path);
  if (last === undefined || last.mtimeNs !== stat.mtimeNs || last.size !== stat.size) {
    seen.set(path, { mtimeNs: stat.mtimeNs, size: stat.size, since: performance.now() });
    return false;
  }
  return performance.now() - last.since >= RETIRE_AFTER_MS;
};
const forgetGone = (names) => {
  for (const path of seen.keys()) if (!names.has(path)) seen.delete(path);
};

/**
 * A claimed segment: its files made durable, then it is deleted. Any writer may finish another's
 * claim; one found already claimed (its retiring failed or was cut short, or is under way
 * elsewhere) has every file rewritten from it, since an fsync that failed once may answer
 * success the next time without the bytes being on disk.
 */
const retire = async (claimed, { rewrite }) => {
  const folders = new Set();
  for (const { sha, bytes } of entriesOf(claimed) ?? []) {
    await placing.get(sha);
    if (rewrite) await place(sha, bytes, { rewrite: true });
    else {
      if (!intact(sha)) await place(sha, bytes, { durable: true });
      await fsyncPath(finalPath(sha));
    }
    folders.add(folderOf(sha));
  }
  for (const folder of folders) await fsyncPath(folder);
  if (folders.size > 0) await fsyncPath(root); // a folder may be new
  await unlink(claimed).catch((error) => {
    if (!isMissing(error)) throw error; // another writer retired it first
  });
};

/** An open segment is claimed once idle (a writer still writing to it will not acknowledge there); a claimed one is retired. */
const retireIfIdle = async (path) => {
  if (CLAIMED.test(basename(path))) return retire(path, { rewrite: true });
  if (!idle(path)) return;
  const claimed = claimNameOf(path);
  try {
    await rename(path, claimed);
  } catch (error) {
    if (isMissing(error)) return; // another writer claimed it first
    throw error;
  }
  await retire(claimed, { rewrite: false }).catch((error) => {
    throw Object.assign(error, { segment: claimed }); // reported under the name it now has
  });
};

/** Temp files a crash (or a failed placing) left behind, once idle: a placing in progress is never that old. */
const dropStaleTemps = async () => {
  for (const name of readdirSync(incoming)) {
    if (TEMP.test(name) && idle(join(incoming, name))) await unlink(join(incoming, name)).catch(() => undefined);
  }
};

/** Segments a sweep could not finish, by the name they have now: each is told once, not at every sweep. */
const reported = new Set();
const warn = (segment, error) => {
  if (reported.has(segment)) return;
  reported.add(segment);
  parentPort.postMessage({ warning: `evidence journal ${basename(segment)}: ${String((error && error.message) || error)} (kept, and tried again at every sweep)` });
};

/** Each segment on its own: one that fails is left for the next sweep (or, at start, fails the start). */
const sweep = async (each, { strict } = { strict: false }) => {
  const found = segments();
  forgetGone(new Set([...found, ...readdirSync(incoming).filter((name) => TEMP.test(name)).map((name) => join(incoming, name))]));
  for (const path of reported) if (!found.includes(path)) reported.delete(path);
  for (const journal of found) {
    try {
      await each(journal);
    } catch (error) {
      if (strict) throw error;
      warn((error && error.segment) || journal, error);
    }
  }
};

/**
 * A new segment, its whole size written (zeros) and synced up front, as SQLite's WAL is reused:
 * later fdatasyncs then flush data only, never a size change through the filesystem's journal.
 * Replay stops at the zeros (no sha256 is all zeros).
 */
const openSegment = async (atLeast) => {
  const name = `${randomUUID()}.journal`;
  const path = join(incoming, name);
  const fd = openSync(path, 'wx');
  const size = atLeast + Math.min(MAX_SEGMENT_BYTES, Math.max(MIN_SEGMENT_BYTES, 2 * lastSegmentBytes));
  try {
    for (let at = 0; at < size; at += ZEROS.length) writeAll(fd, ZEROS.subarray(0, Math.min(ZEROS.length, size - at)), at);
    await fdatasyncFd(fd);
    await fsyncPath(incoming); // the segment's name is durable before anything in it is acknowledged
  } catch (error) {
    closeSync(fd);
    await unlink(path).catch(() => undefined);
    throw error;
  }
  // From when it is ready, on the monotonic clock: a wall-clock step must not stretch its window.
  return { name, path, fd, size, bytes: 0, closesAt: performance.now() + SEGMENT_MS };
};

const closeSegment = () => {
  const current = segment;
  segment = null;
  if (current === null) return;
  lastSegmentBytes = current.bytes;
  closeSync(current.fd);
};

/**
 * The group durably in a segment nobody has claimed meanwhile: if the segment's name no longer
 * leads to this file after the fdatasync, a sweep may have read the segment before the group
 * arrived, so the group goes again into a new one. (A claim after this check reads the group.)
 */
const journal = async (group, needed) => {
  for (;;) {
    if (segment !== null && (segment.closesAt <= performance.now() || segment.bytes + needed > segment.size)) closeSegment();
    segment ??= await openSegment(needed);
    const current = segment;
    try {
      for (const { sha, bytes } of group) {
        const header = Buffer.alloc(SHA_HEX + 4);
        header.write(sha, 0, 'latin1');
        header.writeUInt32BE(bytes.length, SHA_HEX);
        writeAll(current.fd, header, current.bytes);
        writeAll(current.fd, bytes, current.bytes + header.length);
        current.bytes += header.length + bytes.length;
      }
      await fdatasyncFd(current.fd);
    } catch (error) {
      // A segment with a failed write may hold a torn entry: nothing after it could be read back.
      if (segment === current) closeSegment();
      throw error;
    }
    const named = statSync(current.path, { throwIfNoEntry: false });
    const written = fstatSync(current.fd);
    if (named !== undefined && named.ino === written.ino && named.dev === written.dev) return;
    if (segment === current) closeSegment(); // claimed under us: write the group again, elsewhere
  }
};

let queue = [];
let committing = false;

const commit = async () => {
  committing = true;
  while (queue.length > 0) {
    const group = queue;
    queue = [];
    try {
      await journal(group, group.reduce((sum, { bytes }) => sum + SHA_HEX + 4 + bytes.length, 0));
    } catch (error) {
      for (const w of group) w.reject(error);
      continue;
    }
    for (const w of group) {
      const placed = (placing.get(w.sha) ?? Promise.resolve()).then(() => place(w.sha, w.bytes)).catch(() => undefined);
      const settled = placed.then(() => {
        if (placing.get(w.sha) === settled) placing.delete(w.sha);
      });
      placing.set(w.sha, settled);
      w.resolve(true);
    }
  }
  committing = false;
};

/**
 * `sha` is the sha256 of `bytes`, computed by the caller a moment before (not hashed again here:
 * 25 MiB would hold every group behind it for ~50 ms). An intact file already at the address
 * needs no journal entry: it was placed after an acknowledged, journalled write (whose segment
 * keeps it until it is fsynced) or by a durable path, which names only bytes already on disk.
 * A file that is there but torn or rotted is written again: uploading the same photo once more
 * is how a user repairs it, and the answer must not say it is stored when it is not.
 * Resolves true once this write's group is durable.
 */
const write = (sha, bytes) => {
  // Same bytes, same name: nothing written, and said so (false), so that it proves nothing about the disk.
  if (!placing.has(sha) && holdsExactly(sha, bytes.length)) return Promise.resolve(false);
  return new Promise((resolve, reject) => {
    queue.push({ sha, bytes, resolve, reject });
    if (!committing) commit();
  });
};

/** True when `sha` is (now) stored: waits for this writer's placing, else searches every segment. */
const recover = async (sha) => {
  await placing.get(sha);
  if (intact(sha)) return true;
  for (const path of readdirSync(incoming).filter((name) => JOURNAL.test(name) || CLAIMED.test(name)).map((name) => join(incoming, name))) {
    // A segment claimed since the listing is read under its claim name.
    const entries = entriesOf(path) ?? (JOURNAL.test(basename(path)) ? entriesOf(claimNameOf(path)) : null) ?? [];
    const entry = entries.find((e) => e.sha === sha);
    if (entry) {
      await restore(sha, entry.bytes);
      return true;
    }
  }
  return intact(sha); // its segment may have been retired, the file made durable, meanwhile
};

/** Every acknowledged photo at its address (not yet fsynced there: its segment still holds it). */
const drain = async () => {
  await Promise.all([...placing.values()]);
  return true;
};

// An idle segment is closed on time, so that it ages and is retired without waiting for writes.
setInterval(() => {
  if (segment !== null && !committing && segment.closesAt <= performance.now()) closeSegment();
}, Math.max(10, Math.min(1_000, SEGMENT_MS))).unref();
let sweeping = false;
setInterval(() => {
  if (ready === null || sweeping) return;
  sweeping = true;
  ready
    .then(() => sweep(retireIfIdle))
    .then(dropStaleTemps)
    .catch(() => undefined) // tried again at the next tick
    .finally(() => (sweeping = false));
}, SWEEP_EVERY_MS).unref();

// Before anything is answered: whatever a crash left missing or torn is put back. A failure
// (the folder cannot be created) fails the request at hand and is tried again on the next.
let ready = null;
const whenReady = () =>
  (ready ??= (async () => {
    // Every folder made here is named durably in its parent: segments in it must be found after a power cut.
    const made = mkdirSync(incoming, { recursive: true });
    if (made !== undefined) {
      const first = resolve(made);
      for (let folder = resolve(incoming); folder !== dirname(folder); folder = dirname(folder)) {
        await fsyncPath(dirname(folder));
        if (folder === first) break;
      }
    }
    await sweep(restoreFrom, { strict: true }); // no read is answered until every torn file is put back
    await sweep(retireIfIdle);
  })().catch((error) => {
    ready = null;
    throw error;
  }));

// Each answer names its request.
parentPort.on('message', ({ id, type, sha, bytes }) => {
  whenReady()
    .then(() =>
      type === 'write'
        ? write(sha, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
        : type === 'recover'
          ? recover(sha)
          : type === 'drain'
            ? drain()
            : true,
    )
    .then(
      (value) => parentPort.postMessage({ id, value }),
      (error) => parentPort.postMessage({ id, error: { message: String((error && error.message) || error), code: error && error.code } }),
    );
});
