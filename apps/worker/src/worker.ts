import { Logger } from '@nestjs/common';
import type { Backends } from '../../../libs/application/src/backends';
import { systemClock, type Clock } from '../../../libs/application/src/commands/command-context';
import type { JobledgerConfig } from '../../../libs/application/src/config/config';
import { switchReadersOf } from '../../../libs/application/src/generations/generation-resolver';
import { hostProjections, RebuildCoordinator } from '../../../libs/application/src/generations/rebuild-coordinator';
import { CheckpointSettler } from '../../../libs/application/src/processing/checkpoint-settler';
import { FencedReadStore } from '../../../libs/application/src/processing/fenced-read-store';
import { LeasedHostSettler } from '../../../libs/application/src/processing/leased-host-settler';
import { ProcessorHost } from '../../../libs/application/src/processing/processor-host';
import { holderIsGone } from '../../../libs/application/src/processing/holder-liveness';
import { newHolderId, ProcessorLeases } from '../../../libs/application/src/processing/processor-leases';
import { ProcessorRunner } from '../../../libs/application/src/processing/processor-runner';
import type { ReadStore } from '../../../libs/readstore/src/port';
import { ALL_PROJECTIONS } from '../../../projections';
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
export const startWorker = async (options: {
  config: JobledgerConfig;
  backends: Backends;
  clock?: Clock;
  /** Told of each generation switch after this worker's own readers were (another thread's readers need it too). */
  onSwitch?: (projection: string, generation: number) => void;
}): Promise<Worker> => {
  const { config, backends } = options;
  const logger = new Logger('worker');
  const processors = allProcessors(config, backends);
  // The runners' read stores ask the leases whether they may commit; the leases start the runners.
  let leases: ProcessorLeases | null = null;
  let started = false; // what it takes at start is the normal case; later changes are worth a line
  const holder = newHolderId();
  const fenced = (store: ReadStore, name: string) => new FencedReadStore(store, name, holder, () => leases?.holds(name) === true);
  // Projections write to their active generation (blue-green rebuilds); reactors are not rebuilt so.
  const projections = hostProjections(ALL_PROJECTIONS, backends.eventStore, backends.readStore, fenced);
  const projectionRunners = new Map(projections.map((p) => [p.projection.name, p.runner]));
  const runners = processors.map(
    (processor) => projectionRunners.get(processor.name) ?? new ProcessorRunner({ processor, eventStore: backends.eventStore, readStore: fenced(backends.readStore, processor.name) }),
  );
  const host = new ProcessorHost(backends.eventStore, runners);
  leases = new ProcessorLeases({
    readStore: backends.readStore,
    works: [...runners, watchdogWork(config, backends, options.clock ?? systemClock)],
    holder,
    ttlMs: config.workerLeaseMs,
    // A SQLite read store is shared only by processes of this machine (see holderIsGone).
    isGone: config.readStore === 'sqlite' ? (h) => holderIsGone(h) : undefined,
    onChange: ({ name, held, reason }) => {
      if (held && (started || reason !== 'taken')) logger.log(`${name}: lease ${reason}`);
      else if (!held && reason !== 'released') logger.warn(`${name}: lease ${reason}`);
    },
    onError: (name, error) => logger.error(`${name}: ${error instanceof Error ? error.message : String(error)}`),
  });
  await leases.start();
  started = true;
  // Builds run where the projection runs (its lease), fenced like its live runner.
  const rebuilds = new RebuildCoordinator({
    eventStore: backends.eventStore,
    readStore: backends.readStore,
    projections,
    wrap: fenced,
    pollMs: config.rebuildPollMs,
    dropGraceMs: config.generationDropMs,
    onSwitch: (name, generation) => {
      switchReadersOf(backends.readStore, config.generationCacheMs)(name, generation);
      options.onSwitch?.(name, generation);
    },
  });
  rebuilds.start();
  const settler = new LeasedHostSettler(host, leases, new CheckpointSettler(backends.eventStore, backends.readStore, processors));
  return {
    host, leases, settler,
    stop: async () => {
      await rebuilds.stop();
      await leases.stop();
    },
  };
};
