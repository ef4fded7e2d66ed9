import { Logger } from '@nestjs/common';
import type { Backends } from '../../../libs/application/src/backends';
import { systemClock, type Clock } from '../../../libs/application/src/commands/command-context';
import type { JobledgerConfig } from '../../../libs/application/src/config/config';
import { resolverFor } from '../../../libs/application/src/generations/generation-resolver';
import { hostProjections, RebuildCoordinator } from '../../../libs/application/src/generations/rebuild-coordinator';
import { ProcessorHost } from '../../../libs/application/src/processing/processor-host';
import { ProcessorRunner } from '../../../libs/application/src/processing/processor-runner';
import { allReactors, releaseExpiredLeases } from '../../../libs/application/src/reactors';
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
  // Projections write to their active generation (blue-green rebuilds); reactors are not rebuilt so.
  const projections = hostProjections(ALL_PROJECTIONS, backends.eventStore, backends.readStore);
  const reactors = allReactors(backends.eventStore, config.commandRetries).map(
    (processor) => new ProcessorRunner({ processor, eventStore: backends.eventStore, readStore: backends.readStore }),
  );
  const host = new ProcessorHost(backends.eventStore, [...projections.map((p) => p.runner), ...reactors]);
  await host.startAll();
  const rebuilds = new RebuildCoordinator({
    eventStore: backends.eventStore,
    readStore: backends.readStore,
    projections,
    pollMs: config.rebuildPollMs,
    dropGraceMs: 2 * config.generationCacheMs + 1000,
    onSwitch: (name, generation) => resolverFor(backends.readStore, { cacheMs: config.generationCacheMs }).switched(name, generation),
  });
  rebuilds.start();

  let sweeping: Promise<void> | null = null;
  const sweep = () => {
    if (sweeping) return; // the previous sweep is still releasing: never two at once
    sweeping = releaseExpiredLeases(backends.eventStore, backends.readStore, clock, config.commandRetries)
      .then((n) => { if (n) logger.log(`released ${n} claim(s) whose lease expired`); })
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
      await rebuilds.stop();
      await host.stopAll();
    },
  };
};
