import { Logger } from '@nestjs/common';
import type { Backends } from '../../../libs/application/src/backends';
import { systemClock, type Clock } from '../../../libs/application/src/commands/command-context';
import type { JobledgerConfig } from '../../../libs/application/src/config/config';
import { ProcessorHost } from '../../../libs/application/src/processing/processor-host';
import { ProcessorRunner } from '../../../libs/application/src/processing/processor-runner';
import { allReactors, failOverdueAttempts, releaseExpiredLeases } from '../../../libs/application/src/reactors';
import { ALL_PROJECTIONS } from '../../../projections';

export type Worker = { readonly host: ProcessorHost; stop(): Promise<void> };

/**
 * Projections and reactors on durable subscriptions from their checkpoints, plus the lease
 * watchdog's timer. Everything it does is idempotent, so a restart simply resumes.
 */
export const startWorker = async (options: { config: JobledgerConfig; backends: Backends; clock?: Clock }): Promise<Worker> => {
  const { config, backends } = options;
  const clock = options.clock ?? systemClock;
  const logger = new Logger('worker');
  const processors = [...ALL_PROJECTIONS, ...allReactors(backends.eventStore, config.commandRetries)];
  const host = new ProcessorHost(
    backends.eventStore,
    processors.map((processor) => new ProcessorRunner({ processor, eventStore: backends.eventStore, readStore: backends.readStore })),
  );
  await host.startAll();

  let sweeping: Promise<void> | null = null;
  const sweep = () => {
    if (sweeping) return; // the previous sweep is still running: never two at once
    sweeping = releaseExpiredLeases(backends.eventStore, backends.readStore, clock, config.commandRetries)
      .then((n) => { if (n) logger.log(`released ${n} claim(s) whose lease expired`); })
      .then(() => failOverdueAttempts(backends.eventStore, backends.readStore, clock, config.commandRetries))
      .then((n) => { if (n) logger.log(`ended ${n} attempt(s) past their deadline`); })
      .catch((e: unknown) => logger.error(`lease watchdog: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => (sweeping = null));
  };
  const timer = setInterval(sweep, config.leaseCheckIntervalMs);
  timer.unref();

  return {
    host,
    stop: async () => {
      clearInterval(timer);
      await sweeping;
      await host.stopAll();
    },
  };
};
