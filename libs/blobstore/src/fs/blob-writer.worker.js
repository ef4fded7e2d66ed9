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
// written to its content address `<root>/<sha[0..2]>/<sha>` (a temp file renamed into place: a
// reader never sees part of a file), off the acknowledgement's path; a lookup that arrives
// first waits for it. A segment is closed after SEGMENT_MS or SEGMENT_BYTES; RETIRE_AFTER_MS
// later, when fsyncing its files costs next to nothing, they are fsynced and it is deleted.
// After a crash, the segments still present are replayed (each entry checked against its
// sha256; a torn tail was never acknowledged) when this thread starts and when a lookup misses.
//
// Plain JavaScript on purpose: a worker thread loads a file, and this one must load the same
// way from the sources (tests) and from the build (tsc copies it, allowJs).
const { createHash, randomUUID } = require('node:crypto');
const { closeSync, fdatasync, mkdirSync, openSync, readdirSync, readFileSync, statSync, unlinkSync, writeSync } = require('node:fs');
const { open, rename, unlink } = require('node:fs/promises');
const { join } = require('node:path');
const { promisify } = require('node:util');
const { parentPort, workerData } = require('node:worker_threads');

const fdatasyncFd = promisify(fdatasync);
const root = workerData.root;
const incoming = join(root, '.incoming');
const RETIRE_AFTER_MS = workerData.retireAfterMs ?? 30_000;
const SEGMENT_MS = Math.min(5_000, RETIRE_AFTER_MS);
const SEGMENT_BYTES = 16 * 1024 * 1024;
const ZEROS = Buffer.alloc(1024 * 1024);
const JOURNAL = /^[0-9a-f-]+\.journal$/;
const SHA_HEX = 64;

const folderOf = (sha) => join(root, sha.slice(0, 2));
const finalPath = (sha) => join(folderOf(sha), sha);
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

const exists = (path) => {
  const found = statSync(path, { throwIfNoEntry: false });
  return found !== undefined && found.isFile();
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

/** Visible whole or not at all; durable once fsynced at retirement (until then the journal is). */
const place = async (sha, bytes) => {
  if (exists(finalPath(sha))) return;
  mkdirSync(folderOf(sha), { recursive: true });
  const temp = join(folderOf(sha), `.${sha}.${randomUUID()}.tmp`);
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(bytes);
  } finally {
    await handle.close();
  }
  await rename(temp, finalPath(sha));
};

const entriesOf = (journal) => {
  const data = readFileSync(journal);
  const entries = [];
  for (let at = 0; at + SHA_HEX + 4 <= data.length; ) {
    const sha = data.toString('latin1', at, at + SHA_HEX);
    const length = data.readUInt32BE(at + SHA_HEX);
    const bytes = data.subarray(at + SHA_HEX + 4, at + SHA_HEX + 4 + length);
    if (bytes.length !== length || sha256(bytes) !== sha) break; // a torn tail: never acknowledged
    entries.push({ sha, bytes });
    at += SHA_HEX + 4 + length;
  }
  return entries;
};

/** Makes a segment's photos durable at their addresses, then drops the segment. */
const retire = async (journal, shas) => {
  const folders = new Set();
  for (const sha of new Set(shas)) {
    await fsyncPath(finalPath(sha));
    folders.add(folderOf(sha));
  }
  for (const folder of folders) await fsyncPath(folder);
  await unlink(journal);
};

// Segments this thread is writing or will retire itself: replay leaves them alone.
const ours = new Set();
/** Photos acknowledged but not yet at their address: sha → the write putting them there. */
const placing = new Map();

/** Replays every segment left by a crash: each intact entry is put (back) in place, then made durable. */
const replay = async () => {
  for (const name of readdirSync(incoming)) {
    if (!JOURNAL.test(name) || ours.has(name)) continue;
    const journal = join(incoming, name);
    const entries = entriesOf(journal);
    for (const { sha, bytes } of entries) {
      if (exists(finalPath(sha)) && sha256(readFileSync(finalPath(sha))) !== sha) unlinkSync(finalPath(sha)); // torn by the crash
      await place(sha, bytes);
    }
    await retire(journal, entries.map((e) => e.sha));
  }
};

let segment = null;
let queue = [];
let committing = false;

/**
 * A new segment, its whole size written (zeros) and synced up front, as SQLite's WAL is reused:
 * later fdatasyncs then flush data only, never a size change through the filesystem's journal.
 * Replay stops at the zeros (no sha256 is all zeros).
 */
const openSegment = async (atLeast) => {
  const name = `${randomUUID()}.journal`;
  const path = join(incoming, name);
  ours.add(name);
  const fd = openSync(path, 'wx');
  const size = Math.max(SEGMENT_BYTES, atLeast);
  for (let at = 0; at < size; at += ZEROS.length) writeAll(fd, ZEROS.subarray(0, Math.min(ZEROS.length, size - at)), at);
  await fdatasyncFd(fd);
  await fsyncPath(incoming); // the segment's name is durable before anything in it is acknowledged
  const opened = { name, path, fd, size, bytes: 0, closesAt: Date.now() + SEGMENT_MS, shas: [], places: [] };
  // An idle segment is closed on time too, so that it is retired without waiting for more writes.
  const closeWhenIdle = () => {
    if (segment !== opened) return;
    if (committing) return void setTimeout(closeWhenIdle, 10).unref();
    segment = null;
    closeSegment(opened);
  };
  setTimeout(closeWhenIdle, SEGMENT_MS).unref();
  return opened;
};

const closeSegment = (current) => {
  closeSync(current.fd);
  const { name, path, shas, places } = current;
  setTimeout(() => {
    Promise.allSettled(places)
      .then(() => retire(path, shas))
      .then(() => ours.delete(name))
      .catch(() => undefined); // left for the next start's replay
  }, RETIRE_AFTER_MS).unref();
};

const commitGroup = async (group) => {
  const needed = group.reduce((sum, { bytes }) => sum + SHA_HEX + 4 + bytes.length, 0);
  if (segment !== null && (segment.closesAt <= Date.now() || segment.bytes + needed > segment.size)) {
    closeSegment(segment);
    segment = null;
  }
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
    if (segment === current) segment = null;
    closeSegment(current);
    throw error;
  }
  for (const { sha, bytes } of group) {
    current.shas.push(sha);
    const placed = (placing.get(sha) ?? Promise.resolve()).then(() => place(sha, bytes));
    const settled = placed.catch(() => undefined).then(() => {
      if (placing.get(sha) === settled) placing.delete(sha);
    });
    placing.set(sha, settled);
    current.places.push(placed);
  }
};

const commit = async () => {
  committing = true;
  while (queue.length > 0) {
    const group = queue;
    queue = [];
    try {
      await commitGroup(group);
      for (const w of group) w.resolve(true);
    } catch (error) {
      for (const w of group) w.reject(error);
    }
  }
  committing = false;
};

const write = (sha, bytes) => {
  if (exists(finalPath(sha))) return Promise.resolve(true); // same bytes, same name
  return new Promise((resolve, reject) => {
    queue.push({ sha, bytes, resolve, reject });
    if (!committing) commit();
  });
};

const recover = async (sha) => {
  await placing.get(sha);
  if (exists(finalPath(sha))) return true;
  await replay();
  return exists(finalPath(sha));
};

const ready = (async () => {
  mkdirSync(incoming, { recursive: true });
  await replay();
})();

// Each answer names its request.
parentPort.on('message', ({ id, type, sha, bytes }) => {
  ready
    .then(() => (type === 'write' ? write(sha, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) : recover(sha)))
    .then(
      (value) => parentPort.postMessage({ id, value }),
      (error) => parentPort.postMessage({ id, error: { message: String((error && error.message) || error), code: error && error.code } }),
    );
});
