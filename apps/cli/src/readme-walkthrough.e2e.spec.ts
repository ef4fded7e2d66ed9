import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, cleanEnv, root, startServing, stop } from './testing/processes';

jest.setTimeout(180_000);

/** The body of the `n`-th ```sh block after the heading `heading` (1 = the first). */
const shBlock = (readme: string, heading: string, n: number): string => {
  const section = readme.slice(readme.indexOf(`## ${heading}`));
  const blocks = [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)];
  if (blocks.length < n) throw new Error(`no ${n}. sh block under "## ${heading}"`);
  return blocks[n - 1][1];
};

/**
 * The README's walkthrough and audit section, run as written (the port aside) against a
 * running server: what a first-time reader pastes must work, so the text cannot drift from
 * the API. `npx jobledger` stands for the built bin, and the scratch files land in a temp dir.
 */
describe('the README, pasted into a shell', () => {
  let dataDir: string;
  let workDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'jobledger-readme-data-'));
    workDir = mkdtempSync(join(tmpdir(), 'jobledger-readme-cwd-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(workDir, { recursive: true, force: true });
  });

  it('walks a service job from request to a verified record and ledger', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const walkthrough = shBlock(readme, 'Five minutes with it', 2);
    const audit = shBlock(readme, 'Verify a record', 1);
    const server = await startServing([bin, 'serve', '--port', '0', '--data-dir', dataDir], { JOBLEDGER_SQLITE_SYNC: 'normal' });
    try {
      const script = [
        'set -euo pipefail',
        `npx() { [ "$1" = jobledger ] && shift; node ${JSON.stringify(bin)} "$@"; }`,
        walkthrough.replaceAll('http://127.0.0.1:3000', server.url),
        audit.replaceAll('http://127.0.0.1:3000', server.url),
      ].join('\n');
      const run = spawnSync('bash', ['-c', script], {
        cwd: workDir,
        encoding: 'utf8',
        timeout: 150_000,
        env: cleanEnv({ JOBLEDGER_DATA_DIR: dataDir, JOBLEDGER_URL: server.url }),
      });
      const out = run.stdout;
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      // The Desk before and after Create Job, in the order the walkthrough asks.
      const emptyDesk = out.indexOf('"readyToClaim":[]');
      expect(emptyDesk).toBeGreaterThan(-1);
      expect(out.indexOf('"readyToClaim":[{"jobId":"detailing-')).toBeGreaterThan(emptyDesk);
      expect(out).toMatch(/"category":"arrival","sha256":"[0-9a-f]{64}"/);
      expect(out).toMatch(/"code":"EVIDENCE_MISSING".*"details":\{"missing":\["before","after"\]/);
      expect(out).toMatch(/"recordId":"[0-9a-f-]{36}","jobId":"detailing-[0-9a-f]{8}".*"contentHash":"[0-9a-f]{64}"/);
      // The auditor's part: the replay, the record verified online and offline, the ledger.
      expect(out).toMatch(/SignalEmitted/);
      expect(out).toMatch(/record [0-9a-f-]{36} \(job detailing-[0-9a-f]{8}, project detailing\): VALID/);
      expect(out).toMatch(/verified offline: VALID/);
      expect(out).toMatch(/"valid":true/);
    } finally {
      expect(await stop(server.child)).toBe(0);
    }
  });
});
