import { Logger } from '@nestjs/common';
import type { Backends } from '../../../libs/application/src/backends';
import { systemClock, type Clock } from '../../../libs/application/src/commands/command-context';
import type { JobledgerConfig } from '../../../libs/application/src/config/config';
import { CheckpointSettler } from '../../../libs/application/src/processing/checkpoint-settler';
import { FencedReadStore } from '../../../libs/application/src/processing/fenced-read-store';
import { LeasedHostSettler } from '../../../libs/application/src/processing/leased-host-settler';
import { ProcessorHost } from '../../../libs/application/src/processing/processor-host';
import { newHolderId, ProcessorLeases } from '../../../libs/application/src/processing/processor-leases';
import { ProcessorRunner } from '../../../libs/application/src/processing/processor-runner';
import { allProcessors } from './processors';
import { watchdogWork } from './watchdog';

export type Worker = {
  readonly host: ProcessorHost;
  readonly leases: ProcessorLeases;
  /** Read-your-writes for an API in the same process: its own runners while it holds them all. */
  readonly settler: LeasedHostSettler;
  stop(): Promise<void>;
};

/**
 * Projections and reactors on durable subscriptions from their checkpoints, plus the lease
 * watchdog's timer, each run only while this process holds its lease (one active worker per
 * processor). Everything it does is idempotent, so a restart, or a takeover, simply resumes.
 */
export const startWorker = async (options: { config: JobledgerConfig; backends: Backends; clock?: Clock }): Promise<Worker> => {
  const { config, backends } = options;
  const logger = new Logger('worker');
  const processors = allProcessors(config, backends);
  // The runners' read stores ask the leases whether they may commit; the leases start the runners.
  let leases: ProcessorLeases | null = null;
  let started = false; // what it takes at start is the normal case; later changes are worth a line
  const holder = newHolderId();
  const holds = (name: string) => () => leases?.holds(name) === true;
  const runners = processors.map(
    (processor) => new ProcessorRunner({ processor, eventStore: backends.eventStore, readStore: new FencedReadStore(backends.readStore, processor.name, holder, holds(processor.name)) }),
  );
  const host = new ProcessorHost(backends.eventStore, runners);
  leases = new ProcessorLeases({
    readStore: backends.readStore,
    works: [...runners, watchdogWork(config, backends, options.clock ?? systemClock)],
    holder,
    ttlMs: config.workerLeaseMs,
    onChange: ({ name, held, reason }) => {
      if (held && started) logger.log(`${name}: lease ${reason}`);
      else if (!held && reason !== 'released') logger.warn(`${name}: lease ${reason}`);
    },
    onError: (name, error) => logger.error(`${name}: ${error instanceof Error ? error.message : String(error)}`),
  });
  await leases.start();
  started = true;
  const settler = new LeasedHostSettler(host, leases, new CheckpointSettler(backends.eventStore, backends.readStore, processors));
  return { host, leases, settler, stop: () => leases.stop() };
};
