import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';

describe('configuration an operator gets wrong is refused before anything is written', () => {
  let root: string;
  beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'jobledger-config-')); });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it.each([
    ['PORT', ' '], ['PORT', '\t'], ['PORT', '0x10'], ['PORT', '+80'], ['PORT', '80.0'],
    ['JOBLEDGER_SETTLE_TIMEOUT_MS', ' '], ['JOBLEDGER_SETTLE_TIMEOUT_MS', '1e3'], ['JOBLEDGER_COMMAND_RETRIES', '-0'],
  ])('%s=%j, which Number() would read as a number, names the variable', (name, value) => {
    const load = () => loadConfig({ JOBLEDGER_DATA_DIR: join(root, 'd'), [name]: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(`${name} must be an integer from 0 to `);
  });

  it('reads plain digits as before, and an unset or empty number as its default', () => {
    expect(loadConfig({ JOBLEDGER_DATA_DIR: join(root, 'd'), PORT: '0080', JOBLEDGER_SETTLE_TIMEOUT_MS: '' })).toMatchObject({ port: 80, settleTimeoutMs: 2000 });
  });

  it('drops a retired generation after any reader\'s cache by default, and refuses a drop sooner than this process\'s own', () => {
    const load = (env: Record<string, string>) => loadConfig({ JOBLEDGER_DATA_DIR: join(root, 'd'), ...env });
    // An API may set the longest cache (60 s) while the worker keeps the default: 2 × 60 s + 1 s.
    expect(load({}).generationDropMs).toBe(121_000);
    expect(load({ JOBLEDGER_GENERATION_CACHE_MS: '50', JOBLEDGER_GENERATION_DROP_MS: '1100' }).generationDropMs).toBe(1100);
    expect(() => load({ JOBLEDGER_GENERATION_CACHE_MS: '5000', JOBLEDGER_GENERATION_DROP_MS: '10000' })).toThrow('JOBLEDGER_GENERATION_DROP_MS must be at least twice JOBLEDGER_GENERATION_CACHE_MS plus 1000 (11000)');
  });

  it('a refused configuration makes no data dir and no jwt-secret (token create would mint for a server that never started)', () => {
    const dataDir = join(root, 'never-started');
    expect(() => loadConfig({ JOBLEDGER_DATA_DIR: dataDir, JOBLEDGER_LEASE_SECONDS: '0' })).toThrow(ConfigError);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('an empty JOBLEDGER_DATA_DIR is refused, not taken for the working directory', () => {
    expect(() => loadConfig({ JOBLEDGER_DATA_DIR: '' })).toThrow(/JOBLEDGER_DATA_DIR must name a directory/);
  });
});
