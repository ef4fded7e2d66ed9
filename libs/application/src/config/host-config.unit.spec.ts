import { tmpdir } from 'node:os';
import { ConfigError, loadConfig } from './config';

// An existing directory and a given secret: loading writes nothing.
const base = { JOBLEDGER_DATA_DIR: tmpdir(), JOBLEDGER_JWT_SECRET: 'x'.repeat(32) };

describe('HOST, the address the API binds', () => {
  it('is loopback unless set, and taken as given otherwise', () => {
    expect(loadConfig(base).host).toBe('127.0.0.1');
    expect(loadConfig({ ...base, HOST: '::' }).host).toBe('::');
    expect(loadConfig({ ...base, HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it.each([[''], ['   '], [' 127.0.0.1']])('set to %j, fails at boot naming HOST: an empty host binds every interface', (host) => {
    expect(() => loadConfig({ ...base, HOST: host })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, HOST: host })).toThrow(/^HOST must be an address or host name to bind/);
  });
});
