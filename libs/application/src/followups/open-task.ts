import type { RequestIntaken } from '../../../domain/src/request/events';
import { requestDecider } from '../../../domain/src/request/decider';
import { taskDecider } from '../../../domain/src/task/decider';
import { idOf, streams } from '../../../domain/src/shared/streams';
import type { EventStore, Position, RecordedEvent } from '../../../eventstore/src/port';
import { executeCommand, loadState } from '../commands/command-executor';
import { followUpContext } from './trigger';

/** RequestIntaken → TaskOpened on `task-{taskId}`, built from the request as it was at intake. */
export const openTaskFor = async (store: EventStore, trigger: RecordedEvent, retries: number): Promise<Position | null> => {
  const { taskId, summary, intakeNotes } = (trigger as RecordedEvent<RequestIntaken['data']>).data;
  const { state } = await loadState(store, trigger.streamId, requestDecider, trigger.position);
  if (state.status === 'absent') return null;
  const r = state.request;
  const outcome = await executeCommand(
    store,
    streams.task(taskId),
    taskDecider,
    () => ({
      type: 'OpenTask' as const,
      taskId, requestId: idOf(trigger.streamId), projectSlug: r.projectSlug, surface: r.surface, tier: r.tier, summary, intakeNotes,
    }),
    followUpContext(trigger, 'open-task'),
    { retries },
  );
  return outcome.position;
};
