import { connectEsdb } from './client';
import { probeEventStore, redactConnectionString } from './probe';
import { FakeEsdbClient } from './testing/fake-esdb-client';

// No server needed: what a named server that is not there looks like to the suites and to boot.
describe('probing EventStoreDB', () => {
  it('fails with a message naming the server when nothing listens there', async () => {
    const connection = 'esdb://127.0.0.1:1?tls=false';
    const client = connectEsdb(connection);
    try {
      await expect(probeEventStore(client, connection, 3000)).rejects.toThrow('EventStoreDB at esdb://127.0.0.1:1?tls=false is unreachable');
    } finally {
      await client.dispose();
    }
  });

  it('fails by its deadline when the server never answers', async () => {
    const silent = new FakeEsdbClient();
    jest.spyOn(silent, 'readAll').mockReturnValue({ [Symbol.asyncIterator]: () => ({ next: () => new Promise(() => undefined) }) });
    await expect(probeEventStore(silent, 'esdb://eventstore:2113', 50)).rejects.toThrow('no answer within 50 ms');
  });

  it('passes when the server answers', async () => {
    await expect(probeEventStore(new FakeEsdbClient(), 'esdb://eventstore:2113', 1000)).resolves.toBeUndefined();
  });

  it('keeps credentials out of its messages', () => {
    expect(redactConnectionString('esdb://admin:changeit@db:2113?tls=true')).toBe('esdb://***@db:2113?tls=true');
    expect(redactConnectionString('esdb+discover://cluster.local:2113')).toBe('esdb+discover://cluster.local:2113');
  });
});
