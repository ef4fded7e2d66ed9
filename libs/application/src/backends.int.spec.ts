import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsBlobStore } from '../../blobstore/src/fs/fs-blob-store';
import { SqliteReadStore } from '../../readstore/src/sqlite/sqlite-read-store';
import { openBackends } from './backends';
import { loadConfig } from './config/config';

describe('openBackends', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'jobledger-backends-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = (env: Record<string, string> = {}) => loadConfig({ JOBLEDGER_DATA_DIR: dataDir, JOBLEDGER_JWT_SECRET: 'x'.repeat(32), ...env });

  it('opens the embedded backends by default, without MongoDB', async () => {
    const backends = await openBackends(config());
    expect(backends.readStore).toBeInstanceOf(SqliteReadStore);
    expect(backends.blobStore).toBeInstanceOf(FsBlobStore);
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
