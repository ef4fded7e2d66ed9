import { jobDecider } from '../../../domain/src/job/decider';
import type { JobCreatedData } from '../../../domain/src/job/events';
import { projectDecider } from '../../../domain/src/project/decider';
import { DEFAULT_PROJECT_DEFAULTS } from '../../../domain/src/project/events';
import { requestDecider } from '../../../domain/src/request/decider';
import { streams } from '../../../domain/src/shared/streams';
import { surfaceDecider } from '../../../domain/src/surface/decider';
import { taskDecider } from '../../../domain/src/task/decider';
import type { TaskConverted } from '../../../domain/src/task/events';
import type { EventStore, Position, RecordedEvent } from '../../../eventstore/src/port';
import { executeCommand, loadState } from '../commands/command-executor';
import { followUpContext } from './trigger';

/**
 * TaskConverted → JobCreated. Everything is read as it stood at the moment of Create Job
 * (the trigger's position): the surface's evidence policy then in force is snapshotted onto
 * the job, and a later policy change can never alter it, however late this runs.
 */
export const jobCreatedFor = async (store: EventStore, trigger: RecordedEvent): Promise<JobCreatedData | null> => {
  const { jobId } = (trigger as RecordedEvent<TaskConverted['data']>).data;
  const asOf = trigger.position;
  const task = (await loadState(store, trigger.streamId, taskDecider, asOf)).state;
  if (task.status === 'absent' || !task.assignee) return null;
  const t = task.task;
  const [request, surface, project] = await Promise.all([
    loadState(store, streams.request(t.requestId), requestDecider, asOf),
    loadState(store, streams.surface(t.surface), surfaceDecider, asOf),
    loadState(store, streams.project(t.projectSlug), projectDecider, asOf),
  ]);
  const r = request.state.status === 'absent' ? null : request.state.request;
  const policy = surface.state.status === 'defined' ? surface.state : { requiredEvidence: [], allowedEvidence: [] };
  const defaults = project.state.status === 'created' ? project.state.defaults : DEFAULT_PROJECT_DEFAULTS;
  return {
    jobId,
    projectSlug: t.projectSlug,
    depth: 1,
    title: t.summary,
    description: r?.details ?? t.summary,
    origin: { requestId: t.requestId, taskId: t.taskId },
    intake: { details: r?.details ?? '', notes: r?.notes ?? '', intakeNotes: t.intakeNotes },
    surface: t.surface,
    tier: t.tier,
    ...(r && { customer: r.customer }),
    assignee: task.assignee,
    priority: 2,
    phase: 'ready',
    requiredEvidence: [...policy.requiredEvidence],
    allowedEvidence: [...policy.allowedEvidence],
    reviewRequired: defaults.reviewRequired,
    maxAttempts: defaults.maxAttempts,
  };
};

export const createJobFor = async (store: EventStore, trigger: RecordedEvent, retries: number): Promise<Position | null> => {
  const job = await jobCreatedFor(store, trigger);
  if (!job) return null;
  const outcome = await executeCommand(
    store, streams.job(job.jobId), jobDecider, () => ({ type: 'CreateJob' as const, job }), followUpContext(trigger, 'create-job'), { retries },
  );
  return outcome.position;
};
