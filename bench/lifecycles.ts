import { actorOf, type Principal } from '../libs/application/src/auth/principal';
import { commandContext, systemClock } from '../libs/application/src/commands/command-context';
import { CaptureEvidenceCommand, ClaimJobCommand, CompleteServiceEventCommand } from '../libs/application/src/execution/commands';
import {
  ApproveTaskCommand, AssignTaskCommand, CreateJobFromTaskCommand, IntakeRequestCommand, SubmitRequestCommand,
} from '../libs/application/src/governance/commands';
import type { SyncMode } from './env';
import { startInProcessApp, type InProcessApp } from './in-process-app';
import { Meter } from './meter';
import { projectionLag, type ProjectionLag } from './processor-lag';
import { SignalWatch } from './signal-watch';
import { perSecond, summarize, type LatencySummary } from './stats';
import { admin, operator, operatorSlugs, photo, REQUIRED_EVIDENCE, requester, setUpWorld, PROJECT, SURFACE } from './world';

// 16 lifecycles in flight at once (one per operator). New lifecycles start for 10 s (at most
// 2 000); then the ones started get up to 15 s to reach their signal.
const LANES = 16;
const MAX_MS = 10_000;
const MAX_LIFECYCLES = 2_000;
const SIGNAL_TIMEOUT_MS = 15_000;

export type LifecyclesResult = {
  readonly lifecyclesPerSec: number;
  readonly lifecycles: number;
  readonly started: number;
  readonly elapsedMs: number;
  readonly lanes: number;
  /** From SubmitRequest to the SignalEmitted being delivered. */
  readonly latency: LatencySummary;
  readonly byCommand: Record<string, LatencySummary>;
  readonly failures: Record<string, number>;
  /** The processors' lag meanwhile; the record sealer and signal emitter are the ones a lifecycle waits for. */
  readonly lag: ProjectionLag;
};

const ctxFor = (p: Principal) => commandContext(actorOf(p), systemClock);

/**
 * request → intake → approve → assign → Create Job → claim & start → three photos → complete,
 * through the CommandBus handlers; the record and the signal come from the worker's reactors.
 * Answers the recordId, or null when a step failed.
 */
const oneLifecycle = async (app: InProcessApp, meter: Meter, slug: string): Promise<string | null> => {
  const op = operator(slug);
  const step = <B>(label: string, principal: Principal, make: (ctx: ReturnType<typeof ctxFor>) => object) =>
    meter.time(label, async () => (await app.execute<B>(make(ctxFor(principal)))).body);

  const req = await step<{ requestId: string }>('submit', requester, (ctx) => new SubmitRequestCommand(requester, ctx, {
    projectSlug: PROJECT, surface: SURFACE, tier: 'premium', customer: { name: 'Sam', contact: 'sam@example.com' }, details: 'Full detail\nblue van', notes: 'gate 4412',
  }));
  if (!req) return null;
  const intake = await step<{ taskId: string }>('intake', admin, (ctx) => new IntakeRequestCommand(admin, ctx, req.requestId, { intakeNotes: 'pet hair' }));
  if (!intake) return null;
  if (!(await step('approve', admin, (ctx) => new ApproveTaskCommand(admin, ctx, intake.taskId)))) return null;
  if (!(await step('assign', admin, (ctx) => new AssignTaskCommand(admin, ctx, intake.taskId, { kind: 'operator', slug })))) return null;
  const created = await step<{ jobId: string | null }>('create-job', admin, (ctx) => new CreateJobFromTaskCommand(admin, ctx, intake.taskId));
  if (!created?.jobId) return null;
  const jobId = created.jobId;
  const claim = await step<{ serviceEventId: string }>('claim-start', op, (ctx) => new ClaimJobCommand(op, ctx, jobId, { start: true }));
  if (!claim) return null;
  const se = claim.serviceEventId;
  for (const category of REQUIRED_EVIDENCE) {
    const ok = await step('evidence', op, (ctx) => new CaptureEvidenceCommand(op, ctx, jobId, {
      serviceEventId: se, category, bytes: photo(`${category}-${se}`), declaredContentType: 'image/png',
    }));
    if (!ok) return null;
  }
  const done = await step<{ recordId: string | null }>('complete', op, (ctx) => new CompleteServiceEventCommand(op, ctx, jobId, { serviceEventId: se }));
  return done?.recordId ?? null;
};

export const measureLifecycles = async (dir: string, sync: SyncMode): Promise<LifecyclesResult> => {
  const app = await startInProcessApp(dir, sync);
  try {
    const slugs = operatorSlugs(LANES);
    await setUpWorld(app.backends.eventStore, slugs);
    await app.settle();
    await app.restartWorker(); // lag samples cover the measured window only
    const signals = await SignalWatch.start(app.backends.eventStore);

    const meter = new Meter(MAX_MS, Number.MAX_SAFE_INTEGER); // commands are not capped here, lifecycles are
    let started = 0;
    const latencies: number[] = [];
    let lastSignalAt = performance.now();
    const start = performance.now();
    // A lane does not wait for its signal before the next lifecycle: an operator moves on
    // while the reactors seal; the signal is awaited alongside.
    const lane = async (slug: string) => {
      const pending: Array<Promise<void>> = [];
      while (!meter.done && started < MAX_LIFECYCLES) {
        started++;
        const begun = performance.now();
        const recordId = await oneLifecycle(app, meter, slug);
        if (!recordId) continue;
        pending.push(signals.waitFor(recordId, SIGNAL_TIMEOUT_MS).then((at) => {
          if (at === null) return;
          latencies.push(at - begun);
          lastSignalAt = Math.max(lastSignalAt, at);
        }));
      }
      await Promise.all(pending);
    };
    await Promise.all(slugs.map(lane));
    await signals.stop();
    const elapsedMs = lastSignalAt - start;
    return {
      lifecyclesPerSec: perSecond(latencies.length, elapsedMs),
      lifecycles: latencies.length,
      started,
      elapsedMs: Math.round(elapsedMs),
      lanes: LANES,
      latency: summarize(latencies),
      byCommand: meter.byLabel(),
      failures: meter.failures(),
      lag: projectionLag(await app.processorStatus()),
    };
  } finally {
    await app.stop();
  }
};
