import { isTerminal } from '../../libs/domain/src/job/state';
import { idOf } from '../../libs/domain/src/shared/streams';
import type { RecordedEvent } from '../../libs/eventstore/src/port';
import type { ProjectionWriter } from '../../libs/readstore/src/port';
import type { Projection } from '../projection';
import { isEvent, reduce, typesOf } from '../shared/events';
import { evolveLifecycle, LIFECYCLE_EVENT_TYPES } from '../shared/lifecycle';
import { alreadyApplied } from '../shared/position';
import { attemptHandlers } from './attempts';
import { JOB_CLAIMS, recordClaim } from './claims';
import { JOB_CREATIONS, recordCreation, recordRootCreation } from './creations';
import { DEPENDENCY_ADDITIONS, recordDependencyAddition } from './dependency-additions';
import { applyDependency, refreshDependents } from './dependencies';
import { derive } from './derive';
import { JOBS, newJobDoc, stamped, type JobDoc } from './document';
import { fieldHandlers } from './fields';

/** One event folded into one job document: lifecycle, attempts, own fields, then what derives from them. */
export const evolveJobDoc = (doc: JobDoc, event: RecordedEvent): JobDoc => {
  const withLifecycle = evolveLifecycle(doc, event);
  const withAttempts = reduce(attemptHandlers, withLifecycle, event);
  return derive(stamped(reduce(fieldHandlers, withAttempts, event), event));
};

/** Records and signals live on their own streams but name their job. */
const jobIdOf = (event: RecordedEvent): string =>
  isEvent(event, 'RecordSealed') || isEvent(event, 'SignalEmitted') ? event.data.jobId : idOf(event.streamId);

const apply = async (event: RecordedEvent, writer: ProjectionWriter): Promise<void> => {
  if (isEvent(event, 'JobCreated')) {
    if (!(await writer.get(JOBS, event.data.jobId))) writer.put(JOBS, derive(newJobDoc(event)));
    return recordRootCreation(event, writer);
  }
  if (isEvent(event, 'JobDependencyAdded')) await recordDependencyAddition(event, writer);
  if (isEvent(event, 'JobDependencyAdded') || isEvent(event, 'JobDependencyRemoved')) return applyDependency(event, writer);

  const doc = await writer.get<JobDoc>(JOBS, jobIdOf(event));
  if (!doc) return;
  if (isEvent(event, 'JobClaimed')) await recordClaim(event, doc, writer);
  if (isEvent(event, 'JobChildAllocated')) await recordCreation(event, doc, writer);
  // Already holds the event: its dependents are still decided by their own guards (on a
  // standalone MongoDB this job may have been written and its dependents not).
  if (alreadyApplied(doc, event)) return refreshDependents(doc, event, writer);
  const next = evolveJobDoc(doc, event);
  writer.put(JOBS, next);
  if (isTerminal(doc.phase) !== isTerminal(next.phase)) await refreshDependents(next, event, writer);
};

export const jobsProjection: Projection = {
  name: 'jobs',
  collections: [
    {
      name: JOBS,
      indexes: [
        // the ready queue and phase filters of a project, highest priority first, then FIFO
        { name: 'project_phase_priority_created', fields: [['projectSlug', 1], ['phase', 1], ['priority', 1], ['createdAt', 1]] },
        // GET /projects/:slug/jobs/ready and claim-next: claimable jobs in queue order (deferral is a range on claimableFrom);
        // the creation position breaks ties of time within the index, so the queue's order is read, not sorted
        { name: 'project_claimable_priority_created', fields: [['projectSlug', 1], ['claimable', 1], ['priority', 1], ['createdAt', 1], ['createdPosition', 1]] },
        // what displays and schedulers filter on (blocked / waiting included)
        { name: 'project_effective_priority_created', fields: [['projectSlug', 1], ['effectivePhase', 1], ['priority', 1], ['createdAt', 1]] },
        { name: 'assignee', fields: [['assigneeKey', 1]] },
        { name: 'project_updated', fields: [['projectSlug', 1], ['updatedAt', -1]] },
        { name: 'parent', fields: [['parentId', 1]] },
        // the lists (GET /projects/:slug/jobs, GET /jobs): priority, then first created first
        { name: 'project_priority_created', fields: [['projectSlug', 1], ['priority', 1], ['createdAt', 1]] },
        { name: 'project_assignee_priority_created', fields: [['projectSlug', 1], ['assigneeKey', 1], ['priority', 1], ['createdAt', 1]] },
        { name: 'project_surface_priority_created', fields: [['projectSlug', 1], ['surface', 1], ['priority', 1], ['createdAt', 1]] },
        { name: 'priority_created', fields: [['priority', 1], ['createdAt', 1]] },
        // /admin/jobs (newest change first, across projects) and the global metrics counts
        { name: 'updated', fields: [['updatedAt', -1]] },
        { name: 'phase', fields: [['phase', 1]] },
        { name: 'effective_phase', fields: [['effectivePhase', 1]] },
      ],
    },
    // read by id only (a repeated claim-next)
    { name: JOB_CLAIMS, indexes: [] },
    // read by id only (a keyed POST /projects/:slug/jobs or /templates/:id/jobs)
    { name: JOB_CREATIONS, indexes: [] },
    // read by id only (a keyed POST /jobs/:id/dependencies)
    { name: DEPENDENCY_ADDITIONS, indexes: [] },
  ],
  eventTypes: [
    'JobCreated',
    'JobDependencyAdded',
    'JobDependencyRemoved',
    ...new Set([...typesOf(attemptHandlers), ...typesOf(fieldHandlers), ...LIFECYCLE_EVENT_TYPES]),
  ],
  apply,
};
