import { commandContext, systemClock } from '../../../../libs/application/src/commands/command-context';
import { toNewEvents } from '../../../../libs/application/src/commands/command-executor';
import type { JobEvent } from '../../../../libs/domain/src/job/events';
import { recordDecider } from '../../../../libs/domain/src/record/decider';
import type { RecordSealed } from '../../../../libs/domain/src/record/events';
import { recordContentHash, sealingAt, type JobStreamEvent } from '../../../../libs/domain/src/record/seal';
import { streams } from '../../../../libs/domain/src/shared/streams';
import { ALL_PROJECTIONS } from '../../../../projections';
import { tamperWithLog } from '../audit/audit-fixtures';
import { createAgentJob, setUpAgentProject } from '../testing/agent-jobs';
import { dump, projectFromZero } from '../testing/read-models';
import { startTestServer, type TestServer } from '../testing/test-server';

type Tokens = Awaited<ReturnType<typeof setUpAgentProject>>;
type Stored = { type: string; occurredAt: string };

describe('records sealed by different sealing rules, over HTTP', () => {
  const P = 'reviewed';
  let s: TestServer;
  let t: Tokens;
  let legacy: { jobId: string; recordId: string; approvedAt: string };
  let fresh: { jobId: string; recordId: string };

  const claimAndSubmit = async (jobId: string) => {
    const bot = t.agent('bot-7');
    const se = (await s.call('POST', `/jobs/${jobId}/claim`, { token: bot, body: { start: true } })).body.serviceEventId as string;
    const submitted = await s.call('POST', `/jobs/${jobId}/submit`, { token: bot, body: { serviceEventId: se, summary: 'PR #12 ready' } });
    if (submitted.status !== 200) throw new Error(`submit failed: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  };
  const jobEvents = async (jobId: string): Promise<Stored[]> =>
    (await s.call('GET', `/audit/streams/${streams.job(jobId)}`, { token: t.auditor })).body.events;
  const occurredAt = (events: Stored[], type: string) => events.find((e) => e.type === type)?.occurredAt;

  beforeAll(async () => {
    s = await startTestServer();
    t = await setUpAgentProject(s, P, { reviewRequired: true, maxAttempts: 3 });

    // Work approved before sealing rules were versioned: the sealer of the time wrote a rule 1
    // record (dated at the approval, no sealingRule), appended just before the approval it seals.
    const legacyJob = await createAgentJob(s, P, { reviewRequired: true });
    await claimAndSubmit(legacyJob);
    const store = s.backends.eventStore;
    const upToSubmission = (await store.readStream(streams.job(legacyJob))).map((r): JobStreamEvent => ({
      id: r.id, revision: r.revision, occurredAt: r.metadata.occurredAt, event: { type: r.type, data: r.data } as JobEvent,
    }));
    const reviewer = commandContext({ id: 'reviewer:test', role: 'reviewer' }, { now: () => new Date(Date.now() + 60_000) });
    const [approval] = toNewEvents(streams.job(legacyJob), [{ type: 'JobApproved', data: {} }], reviewer);
    const sealing = sealingAt([...upToSubmission, { id: approval.id, revision: upToSubmission.length, occurredAt: reviewer.now, event: { type: 'JobApproved', data: {} } }], 1);
    if (!sealing) throw new Error('the approval seals nothing');
    const [sealed] = recordDecider.decide({ type: 'SealRecord', body: { ...sealing.body, previousRecordHash: null } }, recordDecider.initialState());
    const sealer = commandContext({ id: 'system:record-sealer', role: 'system' }, systemClock);
    await store.append(streams.record(sealing.recordId), toNewEvents(streams.record(sealing.recordId), [sealed], sealer), 'no_stream');
    const { position } = await store.append(streams.job(legacyJob), [approval], upToSubmission.length - 1);
    if (!(await s.worker.host.settle(position, 10_000))) throw new Error('the approval did not settle');
    legacy = { jobId: legacyJob, recordId: sealing.recordId, approvedAt: reviewer.now };

    // Work approved today: sealed by the current rule, chained after the rule 1 record.
    const freshJob = await createAgentJob(s, P, { reviewRequired: true });
    await claimAndSubmit(freshJob);
    const approved = await s.call('POST', `/jobs/${freshJob}/approve`, { token: t.reviewer(), body: {} });
    fresh = { jobId: freshJob, recordId: approved.body.recordId };
  });
  afterAll(() => s.stop());

  it('a new record of reviewed work is dated at the submission, not the approval, and names its rule', async () => {
    const events = await jobEvents(fresh.jobId);
    const record = await s.call('GET', `/records/${fresh.recordId}`, { token: t.auditor });
    expect(record.body).toMatchObject({ jobId: fresh.jobId, sealingRule: 3, completedAt: occurredAt(events, 'JobSubmittedForReview') });
    expect(record.body.completedAt).not.toBe(occurredAt(events, 'JobApproved'));
  });

  it('the rule 1 record is served as sealed (dated at the approval, no sealingRule) and chained before the new one', async () => {
    const record = await s.call('GET', `/records/${legacy.recordId}`, { token: t.auditor });
    expect(record.body).toMatchObject({ jobId: legacy.jobId, completedAt: legacy.approvedAt, previousRecordHash: null });
    expect(record.body).not.toHaveProperty('sealingRule');
    expect((await s.call('GET', `/records/${fresh.recordId}`, { token: t.auditor })).body.previousRecordHash).toBe(record.body.contentHash);
  });

  it('verifies both records, each by its own rule, and the ledger they form', async () => {
    for (const { recordId } of [legacy, fresh]) {
      const verified = await s.call('GET', `/audit/records/${recordId}/verify`, { token: t.auditor });
      expect([recordId, verified.body.valid, verified.body.checks.filter((c: { ok: boolean }) => !c.ok)]).toEqual([recordId, true, []]);
    }
    const digest = (await s.call('GET', `/audit/ledger/${P}/digest`, { token: t.auditor })).body;
    expect(digest.recordCount).toBe(2);
    const ledger = await s.call('GET', `/audit/ledger/${P}/verify?count=2&headHash=${digest.headHash}`, { token: t.auditor });
    expect(ledger.body.valid).toBe(true);
  });

  it('rebuilds every projection from position zero into exactly the live documents', async () => {
    const head = await s.backends.eventStore.headPosition();
    expect(await s.worker.host.settle(head, 10_000)).toBe(true);
    for (const projection of ALL_PROJECTIONS) {
      const names = projection.collections.map((c) => c.name);
      const live = await dump(s.backends.readStore, names);
      expect({ projection: projection.name, docs: await projectFromZero(s.backends.eventStore, projection, head) }).toEqual({ projection: projection.name, docs: live });
    }
    expect((await dump(s.backends.readStore, ['records'])).records).toHaveLength(2);
  });

  // Last: it edits the log.
  it('fails a record whose sealingRule was edited in the file, with or without its hash recomputed', async () => {
    const failing = async () => (await s.call('GET', `/audit/records/${fresh.recordId}/verify`, { token: t.auditor })).body.checks
      .filter((c: { ok: boolean }) => !c.ok).map((c: { name: string }) => c.name);
    const stored = (await s.backends.eventStore.readStream(streams.record(fresh.recordId)))[0].data as RecordSealed['data'];
    tamperWithLog(s.dataDir, "UPDATE events SET data = json_remove(data, '$.sealingRule') WHERE stream_id = ?", streams.record(fresh.recordId));
    expect(await failing()).toEqual(['content-hash', 'job-stream']);
    const { contentHash: _hash, sealingRule: _rule, ...asRule1 } = stored;
    const forged = { ...asRule1, contentHash: recordContentHash(asRule1) };
    tamperWithLog(s.dataDir, 'UPDATE events SET data = ? WHERE stream_id = ?', JSON.stringify(forged), streams.record(fresh.recordId));
    expect(await failing()).toEqual(['job-stream']);
  });
});
