import { actorOf } from '../libs/application/src/auth/principal';
import { commandContext, systemClock } from '../libs/application/src/commands/command-context';
import { CaptureEvidenceCommand, ClaimJobCommand } from '../libs/application/src/execution/commands';
import type { SyncMode } from './env';
import { startInProcessApp } from './in-process-app';
import { Meter } from './meter';
import type { LatencySummary } from './stats';
import { operator, operatorSlugs, photo, seedJobs, setUpWorld } from './world';

// 16 operators each photograph one running job, alternating a small photo and one just above
// the inline limit, 8 s or 4 000 photos: what a photo costs on each of the two paths.
const LANES = 16;
const MAX_MS = 8_000;
const MAX_PHOTOS = 4_000;
/** The large photo: 16 KiB above the inline limit, so it takes the blob writer's journal and its own fsync. */
const ABOVE_INLINE = 16 * 1024;

export type EvidenceSizesResult = {
  readonly inlineMaxBytes: number;
  readonly small: LatencySummary & { readonly bytes: number };
  readonly large: LatencySummary & { readonly bytes: number };
  readonly failures: Record<string, number>;
};

const padded = (label: string, size: number): Buffer => {
  const head = photo(label); // a PNG's header, then the label: its own sha256
  return Buffer.concat([head, Buffer.alloc(size - head.length, 0x20)]);
};

export const measureEvidenceSizes = async (dir: string, sync: SyncMode): Promise<EvidenceSizesResult> => {
  const app = await startInProcessApp(dir, sync);
  const largeBytes = app.config.inlineEvidenceMaxBytes + ABOVE_INLINE;
  try {
    const slugs = operatorSlugs(LANES);
    await setUpWorld(app.backends.eventStore, slugs);
    const jobs = await seedJobs(app.backends.eventStore, slugs, 1);
    await app.settle();
    const meter = new Meter(MAX_MS, MAX_PHOTOS);
    let smallBytes = 0;
    await Promise.all(slugs.map(async (slug, lane) => {
      const p = operator(slug);
      const jobId = jobs[lane][0];
      const claim = await app.execute<{ serviceEventId: string }>(new ClaimJobCommand(p, commandContext(actorOf(p), systemClock), jobId, { start: true }));
      for (let i = 0; !meter.done; i++) {
        const large = i % 2 === 1;
        const bytes = large ? padded(`${slug}-${i}`, largeBytes) : photo(`${slug}-${i}`);
        if (!large) smallBytes = bytes.length;
        await meter.time(large ? 'large' : 'small', () => app.execute(new CaptureEvidenceCommand(p, commandContext(actorOf(p), systemClock), jobId, {
          serviceEventId: claim.body.serviceEventId, category: 'before', bytes, declaredContentType: 'image/png',
        })));
      }
    }));
    const byLabel = meter.byLabel();
    const none: LatencySummary = { count: 0, meanMs: null, p50Ms: null, p99Ms: null };
    return {
      inlineMaxBytes: app.config.inlineEvidenceMaxBytes,
      small: { ...(byLabel.small ?? none), bytes: smallBytes },
      large: { ...(byLabel.large ?? none), bytes: largeBytes },
      failures: meter.failures(),
    };
  } finally {
    await app.stop();
  }
};
