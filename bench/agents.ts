import { serve } from '../apps/cli/src/commands/serve';
import { signToken } from '../libs/application/src/auth/tokens';
import { commandContext, systemClock } from '../libs/application/src/commands/command-context';
import { executeCommand } from '../libs/application/src/commands/command-executor';
import { jobDecider } from '../libs/domain/src/job/decider';
import type { JobCreatedData } from '../libs/domain/src/job/events';
import { projectDecider } from '../libs/domain/src/project/decider';
import { jobIdFor } from '../libs/domain/src/shared/ids';
import { streams } from '../libs/domain/src/shared/streams';
import { productEnv, type SyncMode } from './env';
import { perSecond, round, since, summarize, type LatencySummary } from './stats';

// 8 workers (agents, each its own token) calling POST /projects/:slug/jobs/claim-next in a
// closed loop against one shared queue of unassigned jobs, over real HTTP, for 10 s or until
// the queue is empty. Every call races the other seven for the same head.
const WORKERS = 8;
const JOBS = 2_400;
const SEED_LANES = 8;
const DURATION_MS = 10_000;
const PROJECT = 'agents';

export type AgentsResult = {
  readonly claimNextPerSec: number;
  readonly workers: number;
  readonly claims: number;
  readonly durationMs: number;
  readonly latency: LatencySummary;
  /** Claims per worker: how evenly the queue was shared. */
  readonly claimsByWorker: number[];
  readonly failures: Record<string, number>;
  /** Jobs claimed twice (must be 0). */
  readonly duplicates: number;
};

const adminCtx = () => commandContext({ id: 'admin:bench', role: 'admin' }, systemClock);

const agentJob = (n: number): JobCreatedData => ({
  jobId: jobIdFor(PROJECT, `bench:agents:${n}`), projectSlug: PROJECT, depth: 1, title: `Task ${n}`, description: `Task ${n}\nfix it`,
  priority: n % 5, phase: 'ready', requiredEvidence: [], allowedEvidence: [], reviewRequired: false, maxAttempts: 3,
});

export const measureClaimNext = async (dir: string, sync: SyncMode): Promise<AgentsResult> => {
  const server = await serve(productEnv(dir, sync), { logger: false });
  try {
    const store = server.backends.eventStore;
    await executeCommand(store, streams.project(PROJECT), projectDecider, () => ({
      type: 'CreateProject' as const, slug: PROJECT, name: 'Agents', defaults: { reviewRequired: false, maxAttempts: 3, git: {} },
    }), adminCtx(), { retries: 8 });
    await Promise.all(Array.from({ length: SEED_LANES }, async (_, lane) => {
      for (let n = lane; n < JOBS; n += SEED_LANES) {
        const job = agentJob(n);
        await executeCommand(store, streams.job(job.jobId), jobDecider, () => ({ type: 'CreateJob' as const, job }), adminCtx(), { retries: 8 });
      }
    }));
    if (!(await server.worker.host.settle(await store.headPosition(), 120_000))) throw new Error('the read models did not catch up with the seeded jobs');

    const claimed = new Map<string, number>();
    const samples: number[] = [];
    const failures: Record<string, number> = {};
    const claimsByWorker = new Array<number>(WORKERS).fill(0);
    const start = performance.now();
    await Promise.all(Array.from({ length: WORKERS }, async (_, w) => {
      const token = signToken(server.config.jwtSecret, { sub: `agent:bench-${w}`, role: 'agent', agent: `bench-${w}`, projects: [PROJECT] });
      while (since(start) < DURATION_MS) {
        const t0 = performance.now();
        const r = await fetch(`${server.url}/projects/${PROJECT}/jobs/claim-next`, {
          method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}',
        });
        const text = await r.text();
        if (r.status === 204) return;
        if (r.status !== 201) {
          failures[String(r.status)] = (failures[String(r.status)] ?? 0) + 1;
          continue;
        }
        samples.push(since(t0));
        claimsByWorker[w]++;
        const { jobId } = JSON.parse(text) as { jobId: string };
        claimed.set(jobId, (claimed.get(jobId) ?? 0) + 1);
      }
    }));
    const durationMs = since(start);
    return {
      claimNextPerSec: perSecond(samples.length, durationMs),
      workers: WORKERS,
      claims: samples.length,
      durationMs: round(durationMs),
      latency: summarize(samples),
      claimsByWorker,
      failures,
      duplicates: [...claimed.values()].filter((n) => n > 1).length,
    };
  } finally {
    await server.stop();
  }
};
