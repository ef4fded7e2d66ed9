import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';

describe('MongoDB configuration', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'jobledger-config-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));
  const load = (env: Record<string, string>) => () => loadConfig({ JOBLEDGER_DATA_DIR: dataDir, JOBLEDGER_JWT_SECRET: 'x'.repeat(32), ...env });

  it.each([
    ['the read store', { JOBLEDGER_READSTORE: 'mongodb' }],
    ['the blob store', { JOBLEDGER_BLOBSTORE: 'gridfs' }],
  ])('refuses %s on MongoDB without MONGODB_URI, or with an empty one', (_, env) => {
    expect(load(env)).toThrow(new ConfigError('MongoDB read or blob store needs MONGODB_URI'));
    expect(load({ ...env, MONGODB_URI: '' })).toThrow(ConfigError);
  });

  it.each(['localhost:27017', 'http://localhost:27017', 'mongodb://', 'mongodb:///jobledger', 'esdb://localhost:2113'])('refuses MONGODB_URI=%s as no MongoDB connection string', (uri) => {
    expect(load({ JOBLEDGER_READSTORE: 'mongodb', MONGODB_URI: uri })).toThrow(/MONGODB_URI must be a MongoDB connection string/);
  });

  it.each([
    ['mongodb://localhost:27017/?nosuchoption=1', /^MONGODB_URI cannot be used: option nosuchoption is not supported/],
    ['mongodb://localhost:99999/x', /^MONGODB_URI cannot be used: Unable to parse localhost:99999/],
    ['mongodb://admin:s3cret@localhost:99999/x', /^MONGODB_URI cannot be used: (?!.*s3cret)/],
  ])('refuses MONGODB_URI=%s as the driver would, at boot, before the data dir is made', (uri, message) => {
    rmSync(dataDir, { recursive: true, force: true });
    expect(load({ JOBLEDGER_READSTORE: 'mongodb', MONGODB_URI: uri })).toThrow(message);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('accepts standard and SRV connection strings, with any mix of backends', () => {
    const uri = 'mongodb://a:27017,b:27017/jobledger?replicaSet=rs0';
    expect(load({ JOBLEDGER_READSTORE: 'mongodb', MONGODB_URI: uri })()).toMatchObject({ readStore: 'mongodb', blobStore: 'fs', mongodbUri: uri });
    expect(load({ JOBLEDGER_BLOBSTORE: 'gridfs', MONGODB_URI: 'mongodb+srv://user:pw@cluster.example.net/' })()).toMatchObject({ readStore: 'sqlite', blobStore: 'gridfs' });
  });

  it('ignores MONGODB_URI while no MongoDB backend is chosen', () => {
    expect(load({ MONGODB_URI: 'not a uri' })()).toMatchObject({ readStore: 'sqlite', blobStore: 'fs' });
  });
});
