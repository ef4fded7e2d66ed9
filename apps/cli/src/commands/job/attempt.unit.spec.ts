import { ApiClient } from '../../api-client';
import { attemptNumberOf, serviceEventOf } from './attempt';

/** A client whose job read answers `current` as the open attempt (and counts the reads). */
const clientWithOpenAttempt = (current: string | null) => {
  const api = new ApiClient('http://127.0.0.1:1', 't');
  const get = jest.spyOn(api, 'get').mockResolvedValue({ currentServiceEventId: current });
  return { api, get };
};

describe('the attempt a command acts in', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    jest.restoreAllMocks();
  });
  const harness = (env: { JOBLEDGER_JOB_ID?: string; JOBLEDGER_ATTEMPT_ID?: string }) => {
    delete process.env.JOBLEDGER_JOB_ID;
    delete process.env.JOBLEDGER_ATTEMPT_ID;
    Object.assign(process.env, env);
  };

  it("takes JOBLEDGER_ATTEMPT_ID for JOBLEDGER_JOB_ID's job, without a read", async () => {
    harness({ JOBLEDGER_JOB_ID: 'p-1', JOBLEDGER_ATTEMPT_ID: 'se-env' });
    const { api, get } = clientWithOpenAttempt('se-open');
    expect(await serviceEventOf(api, 'p-1', undefined)).toBe('se-env');
    expect(get).not.toHaveBeenCalled();
  });

  it("never takes it for another job named on the line, nor when JOBLEDGER_JOB_ID is unset: that job's open attempt is read", async () => {
    harness({ JOBLEDGER_JOB_ID: 'p-1', JOBLEDGER_ATTEMPT_ID: 'se-env' });
    expect(await serviceEventOf(clientWithOpenAttempt('se-open').api, 'p-2', undefined)).toBe('se-open');
    harness({ JOBLEDGER_ATTEMPT_ID: 'se-env' });
    expect(await serviceEventOf(clientWithOpenAttempt('se-open').api, 'p-2', undefined)).toBe('se-open');
  });

  it('takes --service-event over anything else', async () => {
    harness({ JOBLEDGER_JOB_ID: 'p-1', JOBLEDGER_ATTEMPT_ID: 'se-env' });
    expect(await serviceEventOf(clientWithOpenAttempt('se-open').api, 'p-1', 'se-named')).toBe('se-named');
  });

  it("under --idempotency-key, takes the latest attempt when none is open: a retry after its first try ended it gets the server's answer", async () => {
    harness({});
    const api = new ApiClient('http://127.0.0.1:1', 't', 'submit-1');
    jest.spyOn(api, 'get').mockResolvedValue({ currentServiceEventId: null, attempts: [{ serviceEventId: 'se-1' }, { serviceEventId: 'se-2' }] });
    expect(await serviceEventOf(api, 'p-1', undefined)).toBe('se-2');
    const unkeyed = new ApiClient('http://127.0.0.1:1', 't');
    jest.spyOn(unkeyed, 'get').mockResolvedValue({ currentServiceEventId: null, attempts: [{ serviceEventId: 'se-2' }] });
    await expect(serviceEventOf(unkeyed, 'p-1', undefined)).rejects.toMatchObject({ code: 'NO_OPEN_ATTEMPT' });
    const never = new ApiClient('http://127.0.0.1:1', 't', 'submit-1');
    jest.spyOn(never, 'get').mockResolvedValue({ currentServiceEventId: null, attempts: [] });
    await expect(serviceEventOf(never, 'p-1', undefined)).rejects.toMatchObject({ code: 'NO_OPEN_ATTEMPT' });
  });

  it("under --idempotency-key, names the caller's own latest attempt though another claimant's is open since", async () => {
    harness({});
    const token = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;
    const job = {
      currentServiceEventId: 'se-2',
      attempts: [{ serviceEventId: 'se-1', claimant: { kind: 'agent', agentId: 'bot-1' } }, { serviceEventId: 'se-2', claimant: { kind: 'agent', agentId: 'bot-2' } }],
    };
    const keyedAs = (claims: object) => {
      const api = new ApiClient('http://127.0.0.1:1', token(claims), 'release-1');
      jest.spyOn(api, 'get').mockResolvedValue(job);
      return api;
    };
    expect(await serviceEventOf(keyedAs({ role: 'agent', agent: 'bot-1' }), 'p-1', undefined)).toBe('se-1');
    expect(await serviceEventOf(keyedAs({ role: 'agent', agent: 'bot-2' }), 'p-1', undefined)).toBe('se-2');
    expect(await serviceEventOf(keyedAs({ role: 'admin' }), 'p-1', undefined)).toBe('se-2');
  });

  it('calls a job with no open attempt a conflict, and one without attempts not found (exit 1, as the server would), not a usage error', async () => {
    harness({});
    await expect(serviceEventOf(clientWithOpenAttempt(null).api, 'p-1', undefined))
      .rejects.toMatchObject({ code: 'NO_OPEN_ATTEMPT', kind: 'conflict', details: { jobId: 'p-1' } });
    const api = new ApiClient('http://127.0.0.1:1', 't');
    jest.spyOn(api, 'get').mockResolvedValue({ jobId: 'p-1', attemptsUsed: 0, maxAttempts: 3, items: [] });
    await expect(attemptNumberOf(api, 'p-1', undefined)).rejects.toMatchObject({ code: 'ATTEMPT_NOT_FOUND', kind: 'not_found' });
  });
});
