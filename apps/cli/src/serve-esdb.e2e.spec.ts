import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '../../../libs/application/src/auth/tokens';
import { loadConfig } from '../../../libs/application/src/config/config';
import { WITHHELD } from '../../../libs/application/src/processing/processor-status';
import { root, startServing, stop } from './testing/processes';

jest.setTimeout(120_000);

type Health = { status: string; eventStore: { ok: boolean; error?: string } };

describe('serve on EventStoreDB, as a process', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'jobledger-e2e-esdb-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts without a reachable server, answers /health and commands 503 (STORE_UNAVAILABLE), and still shuts down cleanly', async () => {
    const server = await startServing([join(root, 'bin/jobledger.js'), 'serve', '--port', '0', '--data-dir', dataDir], {
      JOBLEDGER_EVENTSTORE: 'esdb',
      EVENTSTORE_CONNECTION_STRING: 'esdb://127.0.0.1:1?tls=false',
    });
    try {
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(503);
      const body = (await health.json()) as Health;
      expect(body.status).toBe('unavailable');
      expect(body.eventStore.ok).toBe(false);
      expect(body.eventStore.error).toBe(WITHHELD); // anonymous: whether, not why

      const admin = signToken(loadConfig({ JOBLEDGER_DATA_DIR: dataDir }).jwtSecret, { sub: 'admin:e2e', role: 'admin' });
      const detailed = (await (await fetch(`${server.url}/health`, { headers: { authorization: `Bearer ${admin}` } })).json()) as Health;
      expect(detailed.eventStore.error).toContain('EventStoreDB unavailable');
      const command = await fetch(`${server.url}/operators`, {
        method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ slug: 'ana', name: 'Ana' }),
      });
      const answer = (await command.json()) as { error?: { code?: string } };
      expect([command.status, answer.error?.code]).toEqual([503, 'STORE_UNAVAILABLE']);
    } finally {
      expect(await stop(server.child)).toBe(0);
    }
  });
});
