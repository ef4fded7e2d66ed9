import { linkSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, existingJwtSecret, loadConfig } from './config';

// linkSync as it is, unless a test says the file system has no hard links.
jest.mock('node:fs', () => {
  const actual = jest.requireActual<typeof import('node:fs')>('node:fs');
  return { ...actual, linkSync: jest.fn(actual.linkSync) };
});

describe('the JWT secret kept in the data dir', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'jobledger-secret-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a JOBLEDGER_JWT_SECRET too short, empty included, before the data dir is made', () => {
    const fresh = join(dataDir, 'not-yet');
    for (const secret of ['short', '']) {
      expect(() => loadConfig({ JOBLEDGER_DATA_DIR: fresh, JOBLEDGER_JWT_SECRET: secret })).toThrow('JOBLEDGER_JWT_SECRET must be at least 32 characters');
      expect(readdirSync(dataDir)).toEqual([]);
    }
  });

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


  it('is written in place where the file system has no hard links, and leaves no draft behind', () => {
    jest.mocked(linkSync).mockImplementationOnce(() => {
      throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
    });
    const secret = loadConfig({ JOBLEDGER_DATA_DIR: dataDir }).jwtSecret;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(dataDir)).toEqual(['jwt-secret']);
  });

  it('is only read, never generated, for a process that mints tokens: none there is null, and the data dir stays as it was', () => {
    const missing = join(dataDir, 'never-served');
    expect(existingJwtSecret({ JOBLEDGER_DATA_DIR: dataDir })).toBeNull();
    expect(existingJwtSecret({ JOBLEDGER_DATA_DIR: missing })).toBeNull();
    expect(readdirSync(dataDir)).toEqual([]);
    const served = loadConfig({ JOBLEDGER_DATA_DIR: dataDir }).jwtSecret;
    expect(existingJwtSecret({ JOBLEDGER_DATA_DIR: dataDir })).toBe(served);
    expect(existingJwtSecret({ JOBLEDGER_DATA_DIR: missing, JOBLEDGER_JWT_SECRET: 'y'.repeat(32) })).toBe('y'.repeat(32));
    writeFileSync(join(dataDir, 'jwt-secret'), 'short', { mode: 0o600 });
    expect(() => existingJwtSecret({ JOBLEDGER_DATA_DIR: dataDir })).toThrow(/at least 32 characters/);
  });
});
