import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, cliRunning, printed } from './testing/cli-runner';
import { bin, startServing, stop } from './testing/processes';

// One server for the suite; each verb runs as its own process on a busy machine.
jest.setTimeout(300_000);

const json = <T = Record<string, unknown>>(run: { stdout: string; stderr: string; status: number | null }): T => {
  if (run.status !== 0) throw new Error(`exit ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
};
const ok = (run: { stdout: string; stderr: string; status: number | null }): string => {
  if (run.status !== 0 || run.stderr) throw new Error(`exit ${run.status}: ${run.stderr}`);
  return run.stdout;
};

describe('the jobledger verbs, the built CLI against one server', () => {
  let dataDir: string;
  let server: Awaited<ReturnType<typeof startServing>>;
  const token = (...args: string[]) => ok(cli(['token', 'create', '--data-dir', dataDir, ...args])).trim();
  let admin: Record<string, string>;
  const tag = Date.now().toString(36).slice(-5);
  const project = `cli-${tag}`, agents = `agents-${tag}`, surface = `wash-${tag}`, operator = `ana-${tag}`;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'jobledger-verbs-e2e-'));
    server = await startServing([bin, 'serve', '--port', '0', '--data-dir', dataDir], { JOBLEDGER_SQLITE_SYNC: 'normal' });
    admin = { JOBLEDGER_URL: server.url, JOBLEDGER_TOKEN: token('--role', 'admin') };
    const post = (path: string, body: unknown) =>
      fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${admin.JOBLEDGER_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    for (const [path, body] of [
      ['/projects', { slug: project, name: 'CLI' }],
      ['/projects', { slug: agents, name: 'Agents' }],
      ['/surfaces', { key: surface, name: 'Wash', kind: 'physical', requiredEvidence: [] }],
      ['/operators', { slug: operator, name: 'Ana' }],
    ] as const) expect((await post(path, body)).status).toBe(201);
  });
  afterAll(async () => {
    expect(await stop(server.child)).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('walks governance: request submit|show|intake, task list|approve|decline|assign|create-job, desk', () => {
    const requester = { JOBLEDGER_URL: server.url, JOBLEDGER_TOKEN: token('--role', 'requester') };
    const submit = (details: string) => json<{ requestId: string }>(cli([
      'request', 'submit', details, '--project', project, '--surface', surface, '--tier', 'basic', '--customer', 'Sam', '--contact', 'sam@example.com', '--json',
    ], requester)).requestId;
    const requestId = submit('Wash the van');
    expect(ok(cli(['request', 'show', requestId], requester))).toMatch(/status\s+submitted/);

    expect(ok(cli(['request', 'intake', requestId, '--notes', 'back entrance'], admin))).toMatch(/taken in: task /);
    const { taskId } = json<{ taskId: string }>(cli(['request', 'show', requestId, '--json'], admin));
    const open = json<{ items: { taskId: string }[] }>(cli(['task', 'list', '--state', 'open', '--json'], admin));
    expect(open.items.map((t) => t.taskId)).toContain(taskId);
    expect(ok(cli(['task', 'list'], admin)).split('\n')[0]).toMatch(/^TASK\s+STATE\s+PROJECT/);
    expect(ok(cli(['task', 'approve', taskId, '--comment', 'go'], admin))).toBe(`approved task ${taskId}\n`);
    expect(ok(cli(['task', 'assign', taskId, `operator:${operator}`], admin))).toBe(`assigned task ${taskId} to operator:${operator}\n`);
    const { jobId } = json<{ jobId: string }>(cli(['task', 'create-job', taskId, '--json'], admin));

    const ana = { JOBLEDGER_URL: server.url, JOBLEDGER_TOKEN: token('--role', 'operator', '--operator', operator) };
    expect(ok(cli(['desk', operator], ana))).toMatch(new RegExp(`ready to claim \\(1\\):\\nJOB\\s+TITLE\\n${jobId}\\s+Wash the van`));
    expect(json<{ readyToClaim: { jobId: string }[] }>(cli(['desk', operator, '--json'], ana)).readyToClaim[0].jobId).toBe(jobId);

    const declined = submit('Polish the boat');
    ok(cli(['request', 'intake', declined], admin));
    const other = json<{ taskId: string }>(cli(['request', 'show', declined, '--json'], admin)).taskId;
    expect(ok(cli(['task', 'decline', other, '--reason', 'no boats'], admin))).toBe(`declined task ${other}\n`);
    expect(json<{ status: string }>(cli(['request', 'show', declined, '--json'], requester)).status).toBe('declined');
  });

  it('walks an agent job: a parent with children, a dependency, claim, logs, a thread, result, review, supervise', async () => {
    const create = (...args: string[]) => json<{ jobId: string }>(cli(['job', 'create', ...args, '--json'], admin)).jobId;
    const parent = create('Ship the importer\nwith retries', '--project', agents);
    const first = create('Write the retry loop', '--parent', parent, '--review-required', '--priority', '1');
    const second = create('Document the retries', '--parent', parent);
    const spare = create('An idea for later', '--project', agents, '--phase', 'idea');
    expect(ok(cli(['job', 'tree', parent], admin))).toBe(
      `${parent}  ready  Ship the importer\n├─ ${first}  ready  Write the retry loop\n└─ ${second}  ready  Document the retries\n`);

    const supervise = cliRunning(['supervise', parent, '--interval', '0.2'], admin);
    await printed(supervise, new RegExp(`${second}\\s+ready`));

    expect(ok(cli(['job', 'dep', 'add', second, first], admin))).toBe(`${second} blocked_by ${first}\n`);
    expect(ok(cli(['job', 'dep', 'list', second], admin))).toMatch(new RegExp(`blocked\\n.*\\ndepends on\\s+blocked_by\\s+${first}\\s+ready\\s+open`));
    expect(json<{ items: { jobId: string }[] }>(cli(['job', 'blocked', '--project', agents, '--json'], admin)).items.map((j) => j.jobId)).toEqual([second]);
    expect(ok(cli(['job', 'diagnose', second], admin))).toBe(`${second}: not claimable\n  - blocked by ${first} (ready)\n`);
    expect(ok(cli(['job', 'diagnose', spare], admin))).toMatch(/wrong phase: idea/);
    expect(json<{ items: { jobId: string }[] }>(cli(['job', 'ready', '--json'], { ...admin, JOBLEDGER_PROJECT_ID: agents })).items.map((j) => j.jobId)).toEqual([first, parent]);
    const listed = ok(cli(['job', 'list', '--project', agents, '--phase', 'ready', '--since', '1h'], admin));
    expect(listed.split('\n')[0]).toMatch(/^JOB\s+PHASE\s+P\s+ASSIGNEE\s+ATTEMPTS\s+TITLE$/);
    expect(listed).toMatch(new RegExp(`${second}\\s+blocked\\s+2`));
    expect(listed).not.toMatch(/\x1b\[/); // no colour when not on a terminal
    expect(json<{ items: unknown[] }>(cli(['job', 'list', '--project', agents, '--stuck', '--json'], admin)).items).toEqual([]);
    expect(cli(['job', 'list', '--since', 'yesterday'], admin).status).toBe(2);
    expect(ok(cli(['job', 'update', spare, '--phase', 'backlog', '--priority', '4'], admin))).toBe(`updated ${spare}\n`);
    expect(ok(cli(['job', 'cancel', spare, '--reason', 'not now'], admin))).toMatch(new RegExp(`cancelled ${spare}`));

    // An agent takes the head of the queue, then gives it back.
    const agent = { JOBLEDGER_URL: server.url, JOBLEDGER_TOKEN: token('--role', 'agent', '--agent', 'bot-1', '--projects', agents) };
    expect(json<{ jobId: string }>(cli(['job', 'claim', '--next', '--project', agents, '--json'], agent)).jobId).toBe(first);
    expect(ok(cli(['job', 'diagnose', first], admin))).toMatch(new RegExp(`lease held by agent:bot-1 until \\S+ \\(attempt #1, queued\\)`));
    expect(ok(cli(['job', 'release', first, '--reason', 'wrong machine'], agent))).toBe(`released ${first}\n`);
    const claim = json<{ serviceEventId: string; attemptNumber: number }>(cli(['job', 'claim', first, '--start', '--json'], agent));
    expect(claim.attemptNumber).toBe(2);

    // Inside the harness: the environment names the job, the attempt and the parent.
    const harness = { ...agent, JOBLEDGER_JOB_ID: first, JOBLEDGER_ATTEMPT_ID: claim.serviceEventId, JOBLEDGER_PARENT_JOB_ID: parent, JOBLEDGER_PROJECT_ID: agents };
    expect(json<{ jobId: string }>(cli(['job', 'current', '--json'], harness)).jobId).toBe(first);
    expect(ok(cli(['job', 'heartbeat'], harness))).toMatch(new RegExp(`^lease of ${first} extended until \\S+Z\n$`));
    expect(json<{ serviceEventId: string }>(cli(['job', 'heartbeat', first, '--json'], agent)).serviceEventId).toBe(claim.serviceEventId);
    expect(ok(cli(['job', 'logs', '--append', 'retry loop written', '--level', 'info'], harness))).toBe(`appended to ${first} attempt #2\n`);
    expect(ok(cli(['job', 'logs'], harness))).toMatch(/^SEQ\s+AT\s+LEVEL\s+MESSAGE\n0\s+\S+\s+info\s+retry loop written\n$/);
    expect(ok(cli(['job', 'attempts'], harness))).toMatch(/^.*: 1 of 3 attempts used\n#\s+SERVICE EVENT/);

    const follow = cliRunning(['thread', 'follow', parent, '--interval', '0.2'], admin);
    expect(ok(cli(['thread', 'post', 'loop done, docs may start', '--kind', 'status'], harness))).toMatch(new RegExp(`^posted #\\d+ to coord:job:${parent}\n$`));
    await printed(follow, /#\d+ .*agent:bot-1\s+\[status\]\s+loop done, docs may start/);
    follow.child.kill('SIGINT');
    expect(await follow.exited).toBe(130);
    expect(json<{ messages: { body: string }[] }>(cli(['thread', 'messages', parent, '--json'], admin)).messages.map((m) => m.body)).toContain('loop done, docs may start');

    // A result through standard input goes to review; rejected, the next attempt submits.
    const output = 'ran the tests\n```json-result\n{"status":"success","summary":"loop with backoff"}\n```\n';
    expect(ok(cli(['job', 'result', '--output-file', '-'], harness, output))).toBe(`result recorded on ${first}: attempt completed, job review\n`);
    expect(ok(cli(['job', 'result', first], admin))).toMatch(/summary\s+loop with backoff/);
    const watch = cliRunning(['job', 'watch', first, '--interval', '0.2', '--json'], admin);
    await printed(watch, /"effectivePhase":"review"/);
    expect(ok(cli(['job', 'reject', first, '--reason', 'no jitter'], admin))).toMatch(new RegExp(`rejected ${first}`));
    const again = json<{ serviceEventId: string }>(cli(['job', 'claim', first, '--json'], agent));
    const retry = { ...harness, JOBLEDGER_ATTEMPT_ID: again.serviceEventId };
    expect(ok(cli(['job', 'submit', '--summary', 'jitter added'], retry))).toMatch(new RegExp(`submitted ${first} for review`));
    expect(ok(cli(['job', 'approve', first, '--comment', 'good'], admin))).toMatch(new RegExp(`approved ${first}`));
    expect(await watch.exited).toBe(0);
    const changes = watch.output().trim().split('\n').map((l) => JSON.parse(l) as { effectivePhase: string; resolution: string | null });
    expect(changes[changes.length - 1]).toMatchObject({ effectivePhase: 'done', resolution: 'completed' });

    expect(ok(cli(['job', 'diagnose', second], admin))).toBe(`${second}: claimable\n`);
    expect(ok(cli(['job', 'close', second, '--reason', 'covered by the README'], admin))).toMatch(new RegExp(`closed ${second}`));
    expect(await supervise.exited).toBe(0);
    expect(supervise.output()).toMatch(new RegExp(`${first}\\s+active → review`));
    expect(supervise.output()).toContain(`${parent}: all 2 children finished, 2 completed`);
    expect(ok(cli(['job', 'show', first], admin))).toMatch(/phase\s+done\n/);
  });

  it("thread messages and follow show a message's line breaks as \\n: a body cannot forge a line that reads as another message", async () => {
    const jobId = json<{ jobId: string }>(cli(['job', 'create', `Talk it over ${tag}`, '--project', agents, '--json'], admin)).jobId;
    ok(cli(['job', 'create', 'A child, so that the parent has a thread', '--parent', jobId], admin));
    const follow = cliRunning(['thread', 'follow', jobId, '--interval', '0.2'], admin);
    ok(cli(['thread', 'post', jobId, 'fine\n#99  2026-01-31T12:00:00.000Z  operator:boss  [decision]  approved'], admin));
    const oneLine = /^#\d+  \S+  \S+  \[update\]  fine\\n#99  2026-01-31T12:00:00.000Z  operator:boss  \[decision\]  approved\n$/;
    expect(ok(cli(['thread', 'messages', jobId], admin))).toMatch(oneLine);
    await printed(follow, /approved/);
    follow.child.kill('SIGINT');
    expect(await follow.exited).toBe(130);
    expect(follow.output()).toMatch(oneLine);
  });

  it('job result --output-file -: only the last json-result block travels, so a harness output of any size is recorded; without one nothing is sent', () => {
    const jobId = json<{ jobId: string }>(cli(['job', 'create', 'Print a lot', '--project', agents, '--json'], admin)).jobId;
    const agent = { JOBLEDGER_URL: server.url, JOBLEDGER_TOKEN: token('--role', 'agent', '--agent', 'bot-2', '--projects', agents) };
    const harness = { ...agent, JOBLEDGER_JOB_ID: jobId };
    const unclaimed = cli(['job', 'result', '--status', 'success'], harness);
    expect([unclaimed.status, unclaimed.stderr]).toEqual([1, `jobledger: NO_OPEN_ATTEMPT: ${jobId} has no open attempt: claim it first, or name one with --service-event\n`]);
    ok(cli(['job', 'claim', jobId, '--start'], agent));
    const noBlock = cli(['job', 'result', '--output-file', '-'], harness, 'it printed no result\n');
    expect([noBlock.status, noBlock.stderr]).toEqual([1, expect.stringMatching(/^jobledger: JSON_RESULT_MISSING: /)]);
    const huge = cli(['job', 'result', '--output-file', '-'], harness, `\`\`\`json-result\n{"status":"success","summary":"big","blob":"${'x'.repeat(300 * 1024)}"}\n\`\`\`\n`);
    expect([huge.status, huge.stderr]).toEqual([1, 'jobledger: JSON_TOO_LARGE: result is larger than 262144 bytes\n']);
    expect(ok(cli(['job', 'show', jobId], admin))).toMatch(/phase\s+active\n/);
    // Twice the API's 1 MiB body limit, an earlier block echoed: the last block applies.
    const output = `\`\`\`json-result\n{"status":"failed"}\n\`\`\`\n${'x'.repeat(2 * 1024 * 1024)}\n\`\`\`json-result\n{"status":"success","summary":"all printed"}\n\`\`\`\n`;
    expect(ok(cli(['job', 'result', '--output-file', '-'], harness, output))).toBe(`result recorded on ${jobId}: attempt completed, job done (completed)\n`);
    expect(ok(cli(['job', 'result', jobId], admin))).toMatch(/summary\s+all printed/);
  });

  it('reports failures as code: message (exit 1), usage errors with exit 2, and --json error bodies', () => {
    const missing = cli(['job', 'show', `${project}-00000000`], admin);
    expect([missing.status, missing.stderr]).toEqual([1, `jobledger: 404 JOB_NOT_FOUND: job ${project}-00000000 not found\n`]);
    const asJson = cli(['job', 'show', `${project}-00000000`, '--json'], admin);
    expect(JSON.parse(asJson.stderr)).toEqual({ error: expect.objectContaining({ code: 'JOB_NOT_FOUND' }) });
    const noJob = cli(['job', 'current'], admin);
    expect([noJob.status, noJob.stderr]).toEqual([2, expect.stringContaining('JOBLEDGER_JOB_ID is not set')]);
    expect(cli(['job', 'claim', '--bogus'], admin).status).toBe(2);
    expect(cli(['job', 'list'], { JOBLEDGER_URL: server.url }).stderr).toContain('a token is required');
  });

  it('retries a command under --idempotency-key: the same answer and one effect; a bad key or a claim naming a job and --next is a usage error', () => {
    const title = `Once only ${tag}`;
    const create = () => cli(['job', 'create', title, '--project', agents, '--idempotency-key', `create-${tag}`, '--json'], admin);
    const first = json<{ jobId: string }>(create());
    const again = json<{ jobId: string }>(create());
    expect(again).toEqual(first);
    const found = json<{ items: Array<{ jobId: string }> }>(cli(['job', 'list', '--project', agents, '--search', title, '--json'], admin));
    expect(found.items.map((j) => j.jobId)).toEqual([first.jobId]);
    const child = () => json<{ jobId: string }>(cli(['job', 'create', 'A child, once', '--parent', first.jobId, '--idempotency-key', `child-${tag}`, '--json'], admin));
    const one = child();
    expect(child()).toEqual(one);
    expect(json<{ jobId: string; children: unknown[] }>(cli(['job', 'tree', first.jobId, '--json'], admin)).children).toHaveLength(1);

    // Sent again after the first submit ended the attempt: the first answer, not NO_OPEN_ATTEMPT.
    const agent = { JOBLEDGER_URL: server.url, JOBLEDGER_TOKEN: token('--role', 'agent', '--agent', 'bot-3', '--projects', agents) };
    const work = json<{ jobId: string }>(cli(['job', 'create', `Submit once ${tag}`, '--project', agents, '--review-required', '--json'], admin)).jobId;
    ok(cli(['job', 'claim', work, '--start'], agent));
    const submit = () => cli(['job', 'submit', work, '--summary', 'done', '--idempotency-key', `submit-${tag}`], agent);
    const submitted = ok(submit());
    expect([submitted, ok(submit())]).toEqual([`submitted ${work} for review: now review\n`, submitted]);

    const badKey = cli(['job', 'create', title, '--project', agents, '--idempotency-key', 'two words'], admin);
    expect([badKey.status, badKey.stderr]).toEqual([2, expect.stringContaining('--idempotency-key must be 1 to 200 printable ASCII')]);
    expect(cli(['job', 'list', '--idempotency-key', 'k'], admin).status).toBe(2); // reads take none
    const both = cli(['job', 'claim', first.jobId, '--next', '--project', agents], admin);
    expect([both.status, both.stdout, both.stderr]).toEqual([2, '', expect.stringContaining('name a job or pass --next, not both')]);
    const typo = cli(['job', 'clam'], admin);
    expect([typo.status, typo.stderr]).toEqual([2, "jobledger: USAGE: unknown command 'clam' (Did you mean claim?)\n"]);
  });

  it('documents every verb with examples and --json', () => {
    const verbs = [
      ...'create list ready blocked show current tree diagnose update close cancel watch result claim release heartbeat attempts logs submit approve reject'.split(' ').map((v) => ['job', v]),
      ['job', 'dep', 'add'], ['job', 'dep', 'remove'], ['job', 'dep', 'list'],
      ['thread', 'messages'], ['thread', 'post'], ['thread', 'follow'], ['supervise'], ['request', 'submit'], ['request', 'show'],
      ['task', 'list'], ['task', 'approve'], ['task', 'decline'], ['task', 'assign'], ['task', 'create-job'], ['desk'],
    ];
    for (const verb of verbs) {
      const help = cli([...verb, '--help']);
      expect([verb, help.status, help.stdout.includes('Examples:'), help.stdout.includes('--json')]).toEqual([verb, 0, true, true]);
    }
    // It reads the latest attempt that ended, not an attempt still running (GET /jobs/:id/result).
    expect(cli(['job', 'result', '--help']).stdout).toMatch(/--attempt <n> +reading: this attempt \(default the latest that\s+ended\)/);
  });
});
