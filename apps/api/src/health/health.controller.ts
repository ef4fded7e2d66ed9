import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { SETTLER, type Settler } from '../../../../libs/application/src/commands/command-gateway';
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
    // Ready means reads are trustworthy: a processor that stopped, or that keeps failing
    // without catching up, serves stale read models.
    const stuck = processors.filter((p) => !p.running || (p.lastError !== null && !p.caughtUp)).map((p) => p.name);
    const status = !(eventStore.ok && readStore.ok) ? 'unavailable' : stuck.length ? 'degraded' : 'ok';
    await reply.status(status === 'ok' ? 200 : 503).send({
      status,
      ...(stuck.length && { stuckProcessors: stuck }),
      eventStore: { ...eventStore, headPosition: head === null ? null : String(head) },
      readStore,
      processors,
    });
  }
}
