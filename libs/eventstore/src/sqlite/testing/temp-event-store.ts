import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../sqlite-event-store';

/** An embedded event store in a directory of its own, for a test; `remove` closes it and deletes the directory. */
export const tempEventStore = (prefix: string): { store: SqliteEventStore; remove: () => Promise<void> } => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const store = SqliteEventStore.open({ file: join(dir, 'events.sqlite'), synchronous: 'normal' });
  return {
    store,
    remove: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
