import { idOf } from '../../libs/domain/src/shared/streams';
import type { RecordedEvent } from '../../libs/eventstore/src/port';
import type { ProjectionWriter } from '../../libs/readstore/src/port';
import type { Projection } from '../projection';
import { isEvent, reduce, typesOf } from '../shared/events';
import { LIFECYCLE_EVENT_TYPES } from '../shared/lifecycle';
import { alreadyApplied, touched } from '../shared/position';
import { evolveDeskJob, newDeskJob } from './desk-job';
import { DESK_JOBS, DESKS, emptyDesk, operatorSlugOf, type DeskDoc, type DeskJobDoc } from './document';
import { operatorHandlers } from './operator';
import { placed, withCompletion, withRecord } from './placement';
import { READY_QUEUE_INDEX } from './ready-queue';

/** Changes one desk, guarded by its own `lastPosition`; an unchanged desk is not rewritten. */
const updateDesk = async (writer: ProjectionWriter, slug: string, event: RecordedEvent, change: (desk: DeskDoc) => DeskDoc) => {
  const desk = (await writer.get<DeskDoc>(DESKS, slug)) ?? emptyDesk(slug, event);
  if (alreadyApplied(desk, event)) return;
  const next = change(desk);
  if (JSON.stringify(next) !== JSON.stringify(desk)) writer.put(DESKS, touched(next, event));
};

/**
 * A job event: fold it into the job's `desk_jobs` document — which is all the ready queue
 * needs — then, only when the job was or is active or has just been completed, update the
 * desks concerned (a reassignment can touch two): each desk document stays small and is not
 * rewritten by events that only move a job in or out of, or around, a ready queue.
 */
const applyJobEvent = async (event: RecordedEvent, writer: ProjectionWriter) => {
  const before = await writer.get<DeskJobDoc>(DESK_JOBS, idOf(event.streamId));
  if (alreadyApplied(before, event)) return;
  const after = before ? evolveDeskJob(before, event) : isEvent(event, 'JobCreated') ? newDeskJob(event) : null;
  if (!after) return;
  writer.put(DESK_JOBS, after);

  const completed = after.completedOn !== null && after.completedOn !== before?.completedOn;
  if (before?.phase !== 'active' && after.phase !== 'active' && !completed) return;
  const desks = new Set([before?.operator ?? null, after.operator, completed ? after.completedOn : null]);
  for (const slug of desks) {
    if (!slug) continue;
    await updateDesk(writer, slug, event, (desk) => {
      const next = placed(desk, after);
      return completed && after.completedOn === slug ? withCompletion(next, after) : next;
    });
  }
};

const apply = async (event: RecordedEvent, writer: ProjectionWriter): Promise<void> => {
  if (isEvent(event, 'OperatorRegistered') || isEvent(event, 'OperatorAccessChanged')) {
    return updateDesk(writer, idOf(event.streamId), event, (desk) => reduce(operatorHandlers, desk, event));
  }
  if (isEvent(event, 'SignalEmitted')) {
    const slug = operatorSlugOf(event.data.earner);
    return slug ? updateDesk(writer, slug, event, (desk) => reduce(operatorHandlers, desk, event)) : undefined;
  }
  if (isEvent(event, 'RecordSealed')) {
    const { jobId, recordId } = event.data;
    const slug = (await writer.get<DeskJobDoc>(DESK_JOBS, jobId))?.completedOn;
    return slug ? updateDesk(writer, slug, event, (desk) => withRecord(desk, jobId, recordId)) : undefined;
  }
  return applyJobEvent(event, writer);
};

export const desksProjection: Projection = {
  name: 'desks',
  collections: [
    { name: DESKS, indexes: [] },
    { name: DESK_JOBS, indexes: [READY_QUEUE_INDEX] },
  ],
  eventTypes: [...typesOf(operatorHandlers), 'RecordSealed', 'JobCreated', ...LIFECYCLE_EVENT_TYPES, 'ServiceEventStarted'],
  apply,
};
