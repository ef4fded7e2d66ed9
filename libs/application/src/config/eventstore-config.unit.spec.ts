import { tmpdir } from 'node:os';
import { ConfigError, loadConfig } from './config';

const env = (overrides: Record<string, string>) => ({
  JOBLEDGER_DATA_DIR: tmpdir(),
  JOBLEDGER_JWT_SECRET: 'x'.repeat(32),
  ...overrides,
});

describe('event store configuration', () => {
  it('is the embedded SQLite store unless told otherwise', () => {
    expect(loadConfig(env({})).eventStore).toBe('sqlite');
  });

  it('selects EventStoreDB with a connection string it can parse', () => {
    for (const connection of ['esdb://localhost:2113?tls=false', 'esdb+discover://cluster.example:2113']) {
      const config = loadConfig(env({ JOBLEDGER_EVENTSTORE: 'esdb', EVENTSTORE_CONNECTION_STRING: connection }));
      expect(config).toMatchObject({ eventStore: 'esdb', eventStoreConnectionString: connection });
    }
  });

  it('fails fast when EventStoreDB is chosen without a connection string', () => {
    expect(() => loadConfig(env({ JOBLEDGER_EVENTSTORE: 'esdb' }))).toThrow(ConfigError);
    expect(() => loadConfig(env({ JOBLEDGER_EVENTSTORE: 'esdb', EVENTSTORE_CONNECTION_STRING: '' }))).toThrow(
      'JOBLEDGER_EVENTSTORE=esdb needs EVENTSTORE_CONNECTION_STRING',
    );
  });

  it.each(['http://localhost:2113', 'kurrentdb://localhost:2113', 'localhost:2113', 'mongodb://localhost'])(
    'fails fast on a connection string the client cannot parse: %s',
    (connection) => {
      expect(() => loadConfig(env({ JOBLEDGER_EVENTSTORE: 'esdb', EVENTSTORE_CONNECTION_STRING: connection }))).toThrow(
        'EVENTSTORE_CONNECTION_STRING must start with esdb:// or esdb+discover://',
      );
    },
  );

  it.each([
    ['esdb://localhost:2113?tls=banana', 'EVENTSTORE_CONNECTION_STRING cannot be used: Unexpected "banana"'],
    ['esdb://localhost:99999?tls=false', 'EVENTSTORE_CONNECTION_STRING cannot be used: port 99999 of localhost is not a port (1–65535)'],
    ['esdb+discover://a:2113,b:0?tls=false', 'EVENTSTORE_CONNECTION_STRING cannot be used: port 0 of b is not a port (1–65535)'],
  ])('refuses %s as the client would at first use, at boot', (connection, message) => {
    expect(() => loadConfig(env({ JOBLEDGER_EVENTSTORE: 'esdb', EVENTSTORE_CONNECTION_STRING: connection }))).toThrow(message);
  });

  it('refuses an event store it does not know', () => {
    expect(() => loadConfig(env({ JOBLEDGER_EVENTSTORE: 'postgres' }))).toThrow("JOBLEDGER_EVENTSTORE must be one of sqlite|esdb (got 'postgres')");
  });
});
