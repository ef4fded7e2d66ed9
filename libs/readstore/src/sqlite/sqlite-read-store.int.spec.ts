import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStoreContract } from '../../contract/read-store.contract';
import { SqliteReadStore } from './sqlite-read-store';

readStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jobledger-readstore-'));
  const store = SqliteReadStore.open({ file: join(dir, 'read.sqlite') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
