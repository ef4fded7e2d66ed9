import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { SETTLER, type Settler } from '../../../../libs/application/src/commands/command-gateway';
import { CONFIG, type JobledgerConfig } from '../../../../libs/application/src/config/config';
import { ProjectionOperations, type ProjectionsReport } from '../../../../libs/application/src/operations/projection-operations';
import { EVENT_STORE, type EventStore } from '../../../../libs/eventstore/src/port';
import { READ_STORE, type ReadStore } from '../../../../libs/readstore/src/port';
import { Public } from '../auth/public.decorator';

const probe = async (check: () => Promise<unknown>) => {
  try {
    await check();
    return { ok: true };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
};

/** Liveness and readiness: both stores answer; projector and reactor progress (lag) alongside. */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(SETTLER) private readonly settler: Settler,
    @Inject(CONFIG) private readonly config: JobledgerConfig,
    private readonly projections: ProjectionOperations,
  ) {}

  @Get()
  @Public()
  async health(@Res() reply: FastifyReply) {
    let head: bigint | null = null;
    const [eventStore, readStore] = await Promise.all([
      probe(async () => (head = await this.events.headPosition())),
      probe(() => this.reads.getCheckpoint('health-probe')),
    ]);
    const processors = this.settler.status();
    let report: ProjectionsReport | null = null;
    const lagProbe = await probe(async () => (report = await this.projections.report()));
    // Ready means reads are trustworthy: a processor that stopped, that keeps failing
    // without catching up, or whose oldest unprocessed event is older than the threshold
    // serves stale read models.
    const stuck = processors.filter((p) => !p.running || (p.lastError !== null && !p.caughtUp)).map((p) => p.name);
    const maxLagMs = this.config.healthMaxLagMs;
    const lag = (report as ProjectionsReport | null)?.processors.map((p) => ({ name: p.name, kind: p.kind, events: p.lag.events, oldestUnprocessedMs: p.lag.oldestUnprocessedMs })) ?? [];
    const lagging = lag.filter((p) => p.oldestUnprocessedMs > maxLagMs).map((p) => p.name);
    const status = !(eventStore.ok && readStore.ok && lagProbe.ok) ? 'unavailable' : stuck.length || lagging.length ? 'degraded' : 'ok';
    await reply.status(status === 'ok' ? 200 : 503).send({
      status,
      ...(stuck.length && { stuckProcessors: stuck }),
      ...(lagging.length && { laggingProcessors: lagging }),
      lag: { maxLagMs, processors: lag },
      eventStore: { ...eventStore, headPosition: head === null ? null : String(head) },
      readStore,
      processors,
    });
  }
}
