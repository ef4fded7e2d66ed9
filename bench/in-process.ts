import { actorOf, type Principal } from '../libs/application/src/auth/principal';
import { commandContext, systemClock } from '../libs/application/src/commands/command-context';
import {
  CaptureEvidenceCommand, ClaimJobCommand, CompleteServiceEventCommand, HeartbeatCommand, StartServiceEventCommand,
} from '../libs/application/src/execution/commands';
import type { SyncMode } from './env';
import { startInProcessApp, type InProcessApp } from './in-process-app';
import { Meter } from './meter';
import { projectionLag, type ProjectionLag } from './processor-lag';
import { perSecond, since, type LatencySummary } from './stats';
import { operator, operatorSlugs, photo, REQUIRED_EVIDENCE, seedJobs, setUpWorld } from './world';

// 32 operators work at once, each on its own jobs: many concurrent streams, no conflicts
// between lanes. 10 s or 20 000 commands, whichever first; enough jobs that no lane runs dry.
const LANES = 32;
const JOBS_PER_LANE = 80;
const MAX_MS = 10_000;
const MAX_COMMANDS = 20_000;
const HEARTBEATS = 2;
/** claim, start, heartbeats, one photo per required category, complete. */
const COMMANDS_PER_JOB = 3 + HEARTBEATS + REQUIRED_EVIDENCE.length;

export type InProcessCommandsResult = {
  readonly commandsPerSec: number;
  readonly commands: number;
  readonly elapsedMs: number;
  readonly lanes: number;
  readonly commandsPerJob: number;
  readonly jobsCompleted: number;
  readonly byCommand: Record<string, LatencySummary>;
  readonly failures: Record<string, number>;
  readonly lag: ProjectionLag;
};

const ctxFor = (p: Principal) => commandContext(actorOf(p), systemClock);

/** One operator's day, job after job: the hot execution path of a service job. */
const lane = async (app: InProcessApp, meter: Meter, slug: string, jobIds: readonly string[]): Promise<number> => {
  const p = operator(slug);
  let completed = 0;
  for (const jobId of jobIds) {
    if (meter.done) break;
    const claim = await meter.time('claim', () => app.execute<{ serviceEventId: string }>(new ClaimJobCommand(p, ctxFor(p), jobId, {})));
    if (!claim) continue;
    const se = claim.body.serviceEventId;
    const steps: Array<[string, () => object]> = [
      ['start', () => new StartServiceEventCommand(p, ctxFor(p), jobId, se)],
      ...Array.from({ length: HEARTBEATS }, (): [string, () => object] => ['heartbeat', () => new HeartbeatCommand(p, ctxFor(p), jobId, se)]),
      ...REQUIRED_EVIDENCE.map((category): [string, () => object] => ['evidence', () => new CaptureEvidenceCommand(p, ctxFor(p), jobId, {
        serviceEventId: se, category, bytes: photo(`${category}-${se}`), declaredContentType: 'image/png',
      })]),
      ['complete', () => new CompleteServiceEventCommand(p, ctxFor(p), jobId, { serviceEventId: se, payment: { state: 'paid', amount: 120, currency: 'EUR' } })],
    ];
    let ran = 0;
    for (const [label, make] of steps) {
      if (meter.done || (await meter.time(label, () => app.execute(make()))) === undefined) break;
      ran++;
    }
    if (ran === steps.length) completed++;
  }
  return completed;
};

export const measureInProcessCommands = async (dir: string, sync: SyncMode): Promise<InProcessCommandsResult> => {
  const app = await startInProcessApp(dir, sync);
  try {
    const slugs = operatorSlugs(LANES);
    await setUpWorld(app.backends.eventStore, slugs);
    const jobs = await seedJobs(app.backends.eventStore, slugs, JOBS_PER_LANE);
    await app.settle();
    await app.restartWorker(); // lag samples from here on describe the measured window only

    const meter = new Meter(MAX_MS, MAX_COMMANDS);
    const start = performance.now();
    const completed = await Promise.all(slugs.map((slug, i) => lane(app, meter, slug, jobs[i])));
    const elapsedMs = since(start);
    // The tail of the window commits after the last command: let it, so its lag is counted.
    await app.settle();
    return {
      commandsPerSec: perSecond(meter.ok, elapsedMs),
      commands: meter.ok,
      elapsedMs: Math.round(elapsedMs),
      lanes: LANES,
      commandsPerJob: COMMANDS_PER_JOB,
      jobsCompleted: completed.reduce((a, b) => a + b, 0),
      byCommand: meter.byLabel(),
      failures: meter.failures(),
      lag: projectionLag(await app.processorStatus()),
    };
  } finally {
    await app.stop();
  }
};
