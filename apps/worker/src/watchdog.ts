import { Logger } from '@nestjs/common';
import type { Backends } from '../../../libs/application/src/backends';
import type { Clock } from '../../../libs/application/src/commands/command-context';
import type { JobledgerConfig } from '../../../libs/application/src/config/config';
import type { LeasedWork } from '../../../libs/application/src/processing/processor-leases';
import { failOverdueAttempts, releaseExpiredLeases } from '../../../libs/application/src/reactors';

/** The lease watchdog's lease name: one sweeping worker at a time, like a processor. */
export const WATCHDOG = 'lease-watchdog';

/**
 * The lease watchdog's timer as leased work: every `leaseCheckIntervalMs` while started it
 * releases claims whose lease expired and ends attempts past their deadline.
 */
export const watchdogWork = (config: JobledgerConfig, backends: Backends, clock: Clock): LeasedWork => {
  const logger = new Logger('lease-watchdog');
  let timer: NodeJS.Timeout | null = null;
  let sweeping: Promise<void> | null = null;
  // Each half runs whatever the other did: a failing release never holds back the deadlines.
  const half = async (work: typeof releaseExpiredLeases, done: (n: number) => string) => {
    try {
      const n = await work(backends.eventStore, backends.readStore, clock, config.commandRetries);
      if (n) logger.log(done(n));
    } catch (e: unknown) {
      logger.error(e instanceof Error ? e.message : String(e));
    }
  };
  const sweep = () => {
    if (sweeping) return; // the previous sweep is still releasing: never two at once
    sweeping = half(releaseExpiredLeases, (n) => `released ${n} claim(s) whose lease expired`)
      .then(() => half(failOverdueAttempts, (n) => `ended ${n} attempt(s) past their deadline`))
      .finally(() => (sweeping = null));
  };
  return {
    name: WATCHDOG,
    start: async () => {
      timer ??= setInterval(sweep, config.leaseCheckIntervalMs);
    },
    stop: async () => {
      if (timer) clearInterval(timer);
      timer = null;
      await sweeping;
    },
  };
};
