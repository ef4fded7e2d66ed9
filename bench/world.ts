import type { Principal } from '../libs/application/src/auth/principal';
import { actorOf } from '../libs/application/src/auth/principal';
import { commandContext, systemClock } from '../libs/application/src/commands/command-context';
import { executeCommand } from '../libs/application/src/commands/command-executor';
import type { JobCreatedData } from '../libs/domain/src/job/events';
import { jobDecider } from '../libs/domain/src/job/decider';
import { operatorDecider } from '../libs/domain/src/operator/decider';
import { projectDecider } from '../libs/domain/src/project/decider';
import { jobIdFor } from '../libs/domain/src/shared/ids';
import { streams } from '../libs/domain/src/shared/streams';
import { surfaceDecider } from '../libs/domain/src/surface/decider';
import type { EventStore } from '../libs/eventstore/src/port';

/**
 * The set-up every scenario shares, written straight to the event store with the product's
 * own deciders and `executeCommand` (the events are the ones the admin handlers would append).
 * Set-up is never measured; going around HTTP just keeps it short.
 */
export const PROJECT = 'detailing';
export const SURFACE = 'auto-detailing';
/** As in the API's lifecycle test: a physical surface needing three photos before completion. */
export const REQUIRED_EVIDENCE = ['arrival', 'before', 'after'] as const;

export const admin: Principal = { sub: 'admin:bench', role: 'admin' };
export const requester: Principal = { sub: 'customer-portal', role: 'requester' };
export const operator = (slug: string): Principal => ({ sub: `operator:${slug}`, role: 'operator', operator: slug });
export const operatorSlugs = (count: number): string[] => Array.from({ length: count }, (_, i) => `op-${i}`);

const RETRIES = { retries: 8 };
const adminCtx = () => commandContext(actorOf(admin), systemClock);

export const setUpWorld = async (store: EventStore, operators: readonly string[]): Promise<void> => {
  await executeCommand(store, streams.project(PROJECT), projectDecider, () => ({
    type: 'CreateProject' as const, slug: PROJECT, name: 'Detailing', defaults: { reviewRequired: false, maxAttempts: 3, git: {} },
  }), adminCtx(), RETRIES);
  await executeCommand(store, streams.surface(SURFACE), surfaceDecider, () => ({
    type: 'DefineSurface' as const, key: SURFACE, name: 'Auto detailing', kind: 'physical' as const,
    requiredEvidence: [...REQUIRED_EVIDENCE], allowedEvidence: ['signature'],
  }), adminCtx(), RETRIES);
  for (const slug of operators) {
    await executeCommand(store, streams.operator(slug), operatorDecider, () => ({
      type: 'RegisterOperator' as const, slug, name: slug.toUpperCase(), canGovern: false,
    }), adminCtx(), RETRIES);
  }
};

/** A ready job assigned to `slug`, with the fields Create Job would snapshot onto it. */
export const jobFor = (slug: string, seed: string): JobCreatedData => ({
  jobId: jobIdFor(PROJECT, seed),
  projectSlug: PROJECT,
  depth: 1,
  title: 'Full detail',
  description: 'Full detail\nblue van',
  intake: { details: 'Full detail\nblue van', notes: 'gate 4412', intakeNotes: 'pet hair' },
  surface: SURFACE,
  tier: 'premium',
  customer: { name: 'Sam', contact: 'sam@example.com' },
  assignee: { kind: 'operator', slug },
  priority: 2,
  phase: 'ready',
  requiredEvidence: [...REQUIRED_EVIDENCE],
  allowedEvidence: [...REQUIRED_EVIDENCE, 'signature'],
  reviewRequired: false,
  maxAttempts: 3,
});

/**
 * `perOperator` ready jobs for each operator (JobCreated, as the job-creator reactor appends
 * it); ids per operator. One writer per operator at a time, so the store's group commit
 * shares fsyncs between them and set-up stays short.
 */
export const seedJobs = async (store: EventStore, operators: readonly string[], perOperator: number): Promise<string[][]> =>
  Promise.all(operators.map(async (slug) => {
    const ids: string[] = [];
    for (let n = 0; n < perOperator; n++) {
      const job = jobFor(slug, `bench:${slug}:${n}`);
      await executeCommand(store, streams.job(job.jobId), jobDecider, () => ({ type: 'CreateJob' as const, job }), adminCtx(), RETRIES);
      ids.push(job.jobId);
    }
    return ids;
  }));

/** A 1×1 PNG (as in the API tests); bytes after IEND keep it a PNG and give each photo its own sha256. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
export const photo = (label: string): Buffer => Buffer.concat([PNG, Buffer.from(label)]);
