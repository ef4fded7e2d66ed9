import { idOf } from '../../libs/domain/src/shared/streams';
import type { RecordedEvent } from '../../libs/eventstore/src/port';
import type { ProjectionWriter } from '../../libs/readstore/src/port';
import type { Projection } from '../projection';
import { isEvent, reduce, typesOf } from '../shared/events';
import { LIFECYCLE_EVENT_TYPES } from '../shared/lifecycle';
import { alreadyApplied, positionOf, touched } from '../shared/position';
import { evolveDeskJob, newDeskJob } from './desk-job';
import { DESK_JOBS, DESKS, emptyDesk, operatorSlugOf, type DeskDoc, type DeskJobDoc } from './document';
import { operatorHandlers } from './operator';
import { placed, withCompletion, withRecord, withUncreditedRecord } from './placement';
import { READY_QUEUE_INDEX } from './ready-queue';

/** Changes one desk, guarded by its own `lastPosition`; an unchanged desk is not rewritten. */
const updateDesk = async (writer: ProjectionWriter, slug: string, event: RecordedEvent, change: (desk: DeskDoc) => DeskDoc) => {
  const desk = (await writer.get<DeskDoc>(DESKS, slug)) ?? emptyDesk(slug, event);
  if (alreadyApplied(desk, event)) return;
  const next = change(desk);
  if (JSON.stringify(next) !== JSON.stringify(desk)) writer.put(DESKS, touched(next, event));
};

/** Places the job on each of these desks, and lists its completion on the desk credited by this event. */
const updateDesks = async (writer: ProjectionWriter, event: RecordedEvent, job: DeskJobDoc, slugs: readonly (string | null)[]) => {
  const completedNow = job.completedOn !== null && job.completedPosition === positionOf(event);
  for (const slug of new Set([...slugs, completedNow ? job.completedOn : null])) {
    if (!slug) continue;
    await updateDesk(writer, slug, event, (desk) => {
      const next = placed(desk, job);
      return completedNow && job.completedOn === slug ? withCompletion(next, job, event) : next;
    });
  }
};

/**
 * A job event: fold it into the job's `desk_jobs` document — which is all the ready queue
 * needs — then, only when the job was or is active or has just been completed, update the
 * desks concerned (a reassignment can touch two): each desk document stays small and is not
 * rewritten by events that only move a job in or out of, or around, a ready queue.
 *
 * Each desk is decided by its own guard, not by the job's: on a standalone MongoDB a batch is
 * written collection by collection, so a redelivered event may find `desk_jobs` written and
 * the desks not. The job document then stands for the job after the event (or later, which the
 * later events would place the same way); the desk that may show it active is its claimant's.
 */
const applyJobEvent = async (event: RecordedEvent, writer: ProjectionWriter) => {
  const before = await writer.get<DeskJobDoc>(DESK_JOBS, idOf(event.streamId));
  if (before && alreadyApplied(before, event)) {
    return updateDesks(writer, event, before, [before.operator, operatorSlugOf(before.claimant)]);
  }
  const after = before ? evolveDeskJob(before, event) : isEvent(event, 'JobCreated') ? newDeskJob(event) : null;
  if (!after) return;
  writer.put(DESK_JOBS, after);
  const completed = after.completedOn !== null && after.completedPosition === positionOf(event);
  if (before?.phase !== 'active' && after.phase !== 'active' && !completed) return;
  await updateDesks(writer, event, after, [before?.operator ?? null, after.operator]);
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
    // The record's executor is whom the completion was credited to (the same rule, recordExecutorOf).
    const slug = operatorSlugOf(event.data.executor);
    if (!slug) return;
    const job = event.data.forced ? await writer.get<DeskJobDoc>(DESK_JOBS, event.data.jobId) : null;
    // Credited to nobody by the desk's rule, to this operator by the record's (an older rule).
    const uncredited = job !== null && job.resolution === 'force_completed' && job.completedOn === null;
    return updateDesk(writer, slug, event, (desk) => (uncredited ? withUncreditedRecord(desk, job, event.data) : withRecord(desk, event.data)));
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
