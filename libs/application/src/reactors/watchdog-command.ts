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
