import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadStore } from '../sqlite-read-store';

/** A real SQLite read store in a fresh temp directory, and how to throw it away. */
export const tempReadStore = (): { store: SqliteReadStore; cleanup: () => Promise<void> } => {
  const dir = mkdtempSync(join(tmpdir(), 'jobledger-readstore-'));
  const store = SqliteReadStore.open({ file: join(dir, 'read.sqlite') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
