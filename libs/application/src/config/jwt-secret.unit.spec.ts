import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';

describe('the JWT secret kept in the data dir', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'jobledger-secret-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is generated once, readable by its owner only, and read back the same by the next process', () => {
    const first = loadConfig({ JOBLEDGER_DATA_DIR: dataDir }).jwtSecret;
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
    expect(loadConfig({ JOBLEDGER_DATA_DIR: dataDir }).jwtSecret).toBe(first);
  });

  it.each([['empty', ''], ['a newline', '\n'], ['short', 'changeme\n']])('refuses to start with a secret file that is %s: a token signed with it would be forgeable', (_, content) => {
    writeFileSync(join(dataDir, 'jwt-secret'), content, { mode: 0o600 });
    expect(() => loadConfig({ JOBLEDGER_DATA_DIR: dataDir })).toThrow(ConfigError);
    expect(() => loadConfig({ JOBLEDGER_DATA_DIR: dataDir })).toThrow(/jwt-secret.*at least 32 characters/);
  });

});
