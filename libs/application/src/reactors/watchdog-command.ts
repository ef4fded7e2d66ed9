import type { JobCommand } from '../../../domain/src/job/commands';
import { jobDecider } from '../../../domain/src/job/decider';
import { SYSTEM_ACTOR } from '../../../domain/src/shared/actor';
import { streams } from '../../../domain/src/shared/streams';
import type { EventStore } from '../../../eventstore/src/port';
import { executeCommand } from '../commands/command-executor';
import { isRefusal } from './refusal';

/**
 * One timer-driven command on a job's running ServiceEvent, as the system. The command id is
 * deterministic (two watchdogs act once); a refusal means the attempt ended or moved on
 * meanwhile, which is nothing to do (see isRefusal: an unreachable store is thrown, and the
 * next sweep tries again). True when this call appended.
 */
export const runWatchdogCommand = async (
  store: EventStore, jobId: string, serviceEventId: string, commandId: string, command: JobCommand, now: string, retries: number,
): Promise<boolean> => {
  const ctx = { commandId, actor: SYSTEM_ACTOR, correlationId: serviceEventId, causationId: serviceEventId, now };
  try {
    const outcome = await executeCommand(store, streams.job(jobId), jobDecider, () => command, ctx, { retries });
    return outcome.events.length > 0 && !outcome.repeated;
  } catch (e) {
    if (!isRefusal(e)) throw e;
    return false;
  }
};

/**
 * A sweep's commands, one per lease: a lease whose command fails does not hold back the others.
 * Counts the commands that appended; once every lease was tried, a failure is thrown (the first,
 * with how many failed), for the sweep to report and the next sweep to try again.
 */
export const forEachLease = async <T>(leases: readonly T[], command: (lease: T) => Promise<boolean>): Promise<number> => {
  let acted = 0;
  const failures: unknown[] = [];
  for (const lease of leases) {
    try {
      if (await command(lease)) acted++;
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length) {
    const first = failures[0] instanceof Error ? failures[0].message : String(failures[0]);
    throw new Error(`${failures.length} of ${leases.length} lease command(s) failed (${acted} done); the first: ${first}`, { cause: failures[0] });
  }
  return acted;
};
