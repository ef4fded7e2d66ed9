import { resolve } from 'node:path';
import { serveBanner } from './serve-banner';

const all = (dataDir: string) => ({ role: 'all' as const, url: 'http://127.0.0.1:4528', holder: 'h:1:ab', config: { dataDir } });
const commands = (banner: string) => banner.split('\n').filter((l) => /^(mint a token|walk a job):/.test(l));

describe('the serve banner', () => {
  it('names the data dir in both commands when it is not ./data, however it was given, as an absolute path', () => {
    expect(commands(serveBanner(all('/tmp/x'), { JOBLEDGER_DATA_DIR: '/tmp/x' }))).toEqual([
      'mint a token:  npx jobledger token create --role admin --data-dir /tmp/x',
      'walk a job:    npx jobledger demo --url http://127.0.0.1:4528 --data-dir /tmp/x',
    ]);
  });

  it('quotes a path a shell would split or expand', () => {
    expect(commands(serveBanner(all("/tmp/my data/it's"), {}))).toEqual([
      "mint a token:  npx jobledger token create --role admin --data-dir '/tmp/my data/it'\\''s'",
      "walk a job:    npx jobledger demo --url http://127.0.0.1:4528 --data-dir '/tmp/my data/it'\\''s'",
    ]);
  });

  it('leaves it out for ./data, where the other commands look anyway', () => {
    expect(commands(serveBanner(all(resolve('./data')), {}))).toEqual([
      'mint a token:  npx jobledger token create --role admin',
      'walk a job:    npx jobledger demo --url http://127.0.0.1:4528',
    ]);
  });

  it('says that a secret from JOBLEDGER_JWT_SECRET must be set there too, without printing it', () => {
    const banner = serveBanner(all(resolve('./data')), { JOBLEDGER_JWT_SECRET: 's'.repeat(32) });
    expect(commands(banner)[0]).toBe("mint a token:  npx jobledger token create --role admin   (with this server's JOBLEDGER_JWT_SECRET set)");
    expect(banner).not.toContain('s'.repeat(32));
  });
});
