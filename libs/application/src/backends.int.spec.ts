import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jpegOfSize, samples } from '../../blobstore/contract/samples';
import { InlineBlobStore } from '../../blobstore/src/inline/inline-blob-store';
import { CachingEventStore } from '../../eventstore/src/caching-event-store';
import { EsdbEventStore } from '../../eventstore/src/esdb/esdb-event-store';
import { SqliteEventStore } from '../../eventstore/src/sqlite/sqlite-event-store';
import { SqliteReadStore } from '../../readstore/src/sqlite/sqlite-read-store';
import { openBackends } from './backends';
import { loadConfig } from './config/config';


describe('openBackends: the event store', () => {
  let dataDir: string;
  const config = (env: Record<string, string>) =>
    loadConfig({ JOBLEDGER_DATA_DIR: dataDir, JOBLEDGER_JWT_SECRET: 'x'.repeat(32), ...env });

  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'jobledger-backends-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('opens SQLite by default, behind the stream cache', async () => {
    const backends = await openBackends(config({}));
    expect(backends.eventStore).toBeInstanceOf(CachingEventStore);
    expect((backends.eventStore as CachingEventStore).inner).toBeInstanceOf(SqliteEventStore);
    await backends.close();
  });

  it('opens EventStoreDB for JOBLEDGER_EVENTSTORE=esdb (connecting lazily), and closes it', async () => {
    const backends = await openBackends(config({ JOBLEDGER_EVENTSTORE: 'esdb', EVENTSTORE_CONNECTION_STRING: 'esdb://127.0.0.1:1?tls=false' }));
    expect((backends.eventStore as CachingEventStore).inner).toBeInstanceOf(EsdbEventStore);
    await backends.close();
    await expect(backends.eventStore.append('job-1', [], 'any')).rejects.toThrow('closed');
  });

});

describe('openBackends: read models and evidence', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'jobledger-backends-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = (env: Record<string, string> = {}) => loadConfig({ JOBLEDGER_DATA_DIR: dataDir, JOBLEDGER_JWT_SECRET: 'x'.repeat(32), ...env });

  it('opens the embedded backends by default, without MongoDB: small evidence in the event log, the rest in files', async () => {
    const backends = await openBackends(config());
    expect(backends.readStore).toBeInstanceOf(SqliteReadStore);
    expect(backends.blobStore).toBeInstanceOf(InlineBlobStore);
    const small = await backends.blobStore.put(samples.png, 'image/png');
    const large = await backends.blobStore.put(jpegOfSize(256 * 1024 + 1), 'image/jpeg');
    expect([small.blobRef.split(':')[0], large.blobRef.split(':')[0]]).toEqual(['inline', 'fs']);
    await backends.close();
    const reopened = await openBackends(config());
    await expect(reopened.blobStore.has(small.sha256)).resolves.toBe(true); // committed when the event store closed
    await expect(reopened.blobStore.has(large.sha256)).resolves.toBe(true);
    await reopened.close();
  });

  it('puts new evidence in files with JOBLEDGER_INLINE_EVIDENCE_MAX_BYTES=0, and still reads what the log holds', async () => {
    const before = await openBackends(config());
    const kept = await before.blobStore.put(samples.png, 'image/png');
    await before.close();
    const backends = await openBackends(config({ JOBLEDGER_INLINE_EVIDENCE_MAX_BYTES: '0' }));
    await expect(backends.blobStore.put(samples.jpeg, 'image/jpeg')).resolves.toMatchObject({ blobRef: expect.stringMatching(/^fs:/) });
    expect((await backends.blobStore.get(kept.sha256))?.bytes.equals(samples.png)).toBe(true);
    await backends.close();
  });

  it.each<Record<string, string>>([{ JOBLEDGER_READSTORE: 'mongodb' }, { JOBLEDGER_BLOBSTORE: 'gridfs' }])(
    'fails the boot, naming the server without its credentials, when MongoDB cannot be reached (%o)',
    async (env) => {
      const opening = openBackends(config({ ...env, MONGODB_URI: 'mongodb://user:secret@127.0.0.1:1/jobledger' }));
      await expect(opening).rejects.toThrow('cannot reach MongoDB at mongodb://***@127.0.0.1:1/jobledger');
      await expect(opening).rejects.not.toThrow(/secret/);
    },
  );
});
