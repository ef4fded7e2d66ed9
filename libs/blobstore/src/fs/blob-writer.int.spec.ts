import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { samples } from '../../contract/samples';
import { BlobWriter } from './blob-writer';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('BlobWriter, when its thread crashes', () => {
  let dir: string;
  let writer: BlobWriter;
  /** The thread serving requests now (a private detail: the crash is staged on it). */
  const thread = () => (writer as unknown as { worker: Worker | null }).worker;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jobledger-blob-writer-'));
    writer = new BlobWriter(dir);
  });
  afterEach(async () => {
    await writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("fails only the crashed thread's requests: its late exit leaves the replacement's requests alone", async () => {
    await writer.ready();
    const crashed = thread();
    if (crashed === null) throw new Error('the writer has no thread after ready()');
    crashed.emit('error', new Error('staged crash')); // Node reports a crash as 'error', then 'exit'
    const bytes = Buffer.concat([samples.png, Buffer.from('after the crash')]);
    const written = writer.write(sha256(bytes), bytes); // served by a new thread
    expect(thread()).not.toBe(crashed);
    await crashed.terminate(); // the crashed thread's 'exit' arrives while the new one works
    await expect(written).resolves.toBe(true);
    await expect(writer.recover(sha256(bytes))).resolves.toBe(true);
  });
});
