import { Controller, Get, Inject, Logger, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { SETTLER, type ProcessorProgress, type Settler } from '../../../../libs/application/src/commands/command-gateway';
import { CONFIG, type JobledgerConfig } from '../../../../libs/application/src/config/config';
import { ProjectionOperations } from '../../../../libs/application/src/operations/projection-operations';
import { BLOB_STORE, type BlobStore } from '../../../../libs/blobstore/src/port';
import { EVENT_STORE, type EventStore } from '../../../../libs/eventstore/src/port';
import { READ_STORE, type ReadStore } from '../../../../libs/readstore/src/port';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { Public } from '../auth/public.decorator';
import { HealthReport } from '../responses/operations.responses';
import { WITHHELD, withErrorWithheld } from '../../../../libs/application/src/processing/processor-status';

const mayReadErrors = (request: AuthenticatedRequest): boolean => request.principal?.role === 'admin' || request.principal?.role === 'auditor';

const probe = async <T>(check: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: string }> => {
  try {
    return { ok: true, value: await check() };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
};

/**
 * Liveness and readiness: the stores answer, and the last write of the log or of an evidence
 * file did not fail in the last 10 s; the progress (lag) of the projectors and reactors
 * this process runs alongside, and every processor's stored checkpoint and lease holder
 * (whichever worker runs it). A processor nobody holds is listed as `unattended`: its read
 * model falls behind, but this instance still takes commands, so it stays ready (until the lag
 * passes the threshold). A refused processor is stuck, on every role.
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('health');
  /** Each store's last failure as logged: a change is logged once, not every probe. */
  private readonly logged = new Map<string, string | null>();

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(SETTLER) private readonly settler: Settler,
    @Inject(CONFIG) private readonly config: JobledgerConfig,
    private readonly projections: ProjectionOperations,
  ) {}

  @Get()
  @Public()
  @ApiOkResponse({ type: HealthReport, description: 'ready: the stores answer and take writes, no processor stuck or lagging' })
  @ApiServiceUnavailableResponse({ type: HealthReport, description: 'the same report with `status` `unavailable` (a store does not answer) or `degraded` (stuck or lagging processors)' })
  async health(@Req() request: AuthenticatedRequest, @Res() reply: FastifyReply) {
    const [eventStore, readStore, progress, report] = await Promise.all([
      probe(async () => {
        // Reads go on when the disk is full or failing; a command would not: report the last write's failure.
        const failure = this.events.writeFailure?.() ?? null;
        if (failure !== null) throw new Error(`the last write failed: ${failure}`);
        return this.events.headPosition();
      }),
      probe(() => this.reads.getCheckpoint('health-probe')),
      probe(async (): Promise<readonly ProcessorProgress[] | null> => (this.settler.progress ? this.settler.progress() : null)),
      probe(() => this.projections.report()),
    ]);
    // Evidence too large for the log goes to files of its own, which a full disk refuses as well.
    const blobFailure = this.blobs.writeFailure?.() ?? null;
    const blobStore = blobFailure === null ? { ok: true as const } : { ok: false as const, error: `the last write failed: ${blobFailure}` };
    this.logChange('event store', eventStore.ok ? null : eventStore.error);
    this.logChange('read store', readStore.ok ? null : readStore.error);
    this.logChange('blob store', blobStore.ok ? null : blobStore.error);
    const detailed = mayReadErrors(request);
    const processors = detailed ? this.settler.status() : this.settler.status().map(withErrorWithheld);
    const checkpoints = progress.ok ? progress.value : null;
    // Ready means reads are trustworthy: a processor this process runs that stopped, or that
    // keeps failing without catching up, serves stale read models; so does one refused for a
    // checkpoint beyond the log's head, whichever process tried it (it runs nowhere, so only
    // the stored refusal tells).
    const refused = (checkpoints ?? []).filter((c) => c.refused).map((c) => c.name);
    const stuck = [...new Set([...processors.filter((p) => !p.running || (p.lastError !== null && !p.caughtUp)).map((p) => p.name), ...refused])];
    const unattended = (checkpoints ?? []).filter((c) => c.holder === null && !c.refused).map((c) => c.name);
    // A processor whose oldest unprocessed event is older than the threshold serves read
    // models that stale, whoever runs it: not ready.
    const maxLagMs = this.config.healthMaxLagMs;
    const lag = report.ok ? report.value.processors.map((p) => ({ name: p.name, kind: p.kind, events: p.lag.events, oldestUnprocessedMs: p.lag.oldestUnprocessedMs })) : [];
    const lagging = lag.filter((p) => p.oldestUnprocessedMs > maxLagMs).map((p) => p.name);
    const status = !(eventStore.ok && readStore.ok && blobStore.ok) ? 'unavailable' : stuck.length || lagging.length ? 'degraded' : 'ok';
    await reply.status(status === 'ok' ? 200 : 503).send({
      status,
      role: this.config.role,
      ...(stuck.length && { stuckProcessors: stuck }),
      ...(lagging.length && { laggingProcessors: lagging }),
      ...(unattended.length && { unattended }),
      lag: { maxLagMs, processors: lag },
      eventStore: eventStore.ok ? { ok: true, headPosition: String(eventStore.value) } : { ok: false, error: detailed ? eventStore.error : WITHHELD, headPosition: null },
      readStore: readStore.ok ? { ok: true } : { ok: false, error: detailed ? readStore.error : WITHHELD },
      blobStore: blobStore.ok ? { ok: true } : { ok: false, error: detailed ? blobStore.error : WITHHELD },
      processors,
      ...(checkpoints && { checkpoints }),
    });
  }

  private logChange(store: string, error: string | null): void {
    if ((this.logged.get(store) ?? null) === error) return;
    this.logged.set(store, error);
    if (error === null) this.logger.log(`${store} answers again`);
    else this.logger.warn(`${store} does not answer: ${error}`);
  }
}
