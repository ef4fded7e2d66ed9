import { operatorSlugOf } from '../../../../projections/desks/document';
import { isEvent } from '../../../../projections/shared/events';
import { edgeOf } from '../../../../projections/jobs/relations';
import type { Assignee } from '../../../../libs/domain/src/shared/assignee';
import { categoryOf, idOf, streams } from '../../../../libs/domain/src/shared/streams';
import type { RecordedEvent } from '../../../../libs/eventstore/src/port';

/** What one event means to one operator's open desk stream. */
export type DeskConcern = {
  /** The event may have changed the desk: re-read it. */
  readonly changes: boolean;
  /** Jobs to watch from now on: they are on this desk, or may hold one of its jobs up. */
  readonly watch: readonly string[];
  /** A job whose links must be looked up in the read model (see `DeskWatch`) before all that concerns the desk is known. */
  readonly recheck: string | null;
};

const NOTHING: DeskConcern = { changes: false, watch: [], recheck: null };
const CHANGES: DeskConcern = { changes: true, watch: [], recheck: null };

const isOn = (slug: string, a: Assignee | null | undefined) => operatorSlugOf(a ?? null) === slug;

/**
 * Which events can change the Desk of `slug` (as `GET /operators/:slug/desk` answers it),
 * read off the desks projection and the desk query, given the jobs already `watched` (the
 * operator's jobs, and the jobs that block them):
 *
 * - the operator's own stream (name, access);
 * - a signal earned by the operator (`trustSignals`; it also follows every completion credited
 *   to this desk — the record's executor is the desk's credit rule — so `recentCompletions`'
 *   record ids come with it);
 * - an event that puts a job on this desk: created, allocated, updated or reassigned with the
 *   operator as assignee, or claimed by the operator — the job is watched from then on;
 * - any event of a watched job (its place in `readyToClaim`, `activeJob`, a completion, its
 *   leaving the desk); a job stays watched while the stream is open, even once gone elsewhere;
 * - a dependency whose dependent is watched (`readyToClaim` leaves blocked jobs out): its
 *   blocker is watched from then on, so that the blocker finishing is heard;
 * - a resubmit, of any job: the admin override that can bring a done job back onto a desk
 *   without naming the operator, or re-block a desk's job by reopening a blocker it had.
 *
 * A job that comes onto the desk through an assignment may already have blockers, and a
 * resubmitted job may block one of the desk's jobs: neither event says so, so they ask for a
 * `recheck` of the job in the read model. Nothing else — another operator's jobs, agents'
 * jobs, signals earned by others — can change this desk.
 */
export const deskConcern = (slug: string, watched: ReadonlySet<string>, event: RecordedEvent): DeskConcern => {
  if (event.streamId === streams.operator(slug)) return CHANGES;
  if (isEvent(event, 'SignalEmitted')) return isOn(slug, event.data.earner) ? CHANGES : NOTHING;
  if (categoryOf(event.streamId) !== 'job') return NOTHING;
  const jobId = idOf(event.streamId);
  const mine = watched.has(jobId);
  if (isEvent(event, 'JobCreated') || isEvent(event, 'JobClaimed')) {
    const to = isEvent(event, 'JobCreated') ? event.data.assignee : event.data.claimant;
    return isOn(slug, to) ? { changes: true, watch: [jobId], recheck: null } : { ...NOTHING, changes: mine };
  }
  if (isEvent(event, 'JobChildAllocated')) {
    return isOn(slug, event.data.job?.assignee) ? { changes: true, watch: [event.data.childId], recheck: null } : { ...NOTHING, changes: mine };
  }
  if (isEvent(event, 'JobUpdated') || isEvent(event, 'JobReassigned')) {
    const to = isEvent(event, 'JobUpdated') ? event.data.changes.assignee : event.data.to;
    return isOn(slug, to) ? { changes: true, watch: [jobId], recheck: jobId } : { ...NOTHING, changes: mine };
  }
  if (isEvent(event, 'JobDependencyAdded') || isEvent(event, 'JobDependencyRemoved')) {
    const edge = edgeOf(jobId, event.data);
    if (watched.has(edge.dependent)) return { changes: true, watch: [edge.dependency], recheck: null };
    return { ...NOTHING, changes: mine || watched.has(edge.dependency) };
  }
  if (isEvent(event, 'JobResubmitted')) return { changes: true, watch: [], recheck: jobId };
  return { ...NOTHING, changes: mine };
};
