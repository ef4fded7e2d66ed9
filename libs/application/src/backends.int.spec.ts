import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CachingEventStore } from '../../eventstore/src/caching-event-store';
import { EsdbEventStore } from '../../eventstore/src/esdb/esdb-event-store';
import { SqliteEventStore } from '../../eventstore/src/sqlite/sqlite-event-store';
import { openBackends } from './backends';
import { ConfigError, loadConfig } from './config/config';

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

  it('still refuses the read and blob backends that are not built yet', async () => {
    await expect(openBackends(config({ JOBLEDGER_READSTORE: 'mongodb', MONGODB_URI: 'mongodb://localhost' }))).rejects.toBeInstanceOf(ConfigError);
  });
});
