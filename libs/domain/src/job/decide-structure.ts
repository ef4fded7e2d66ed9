import { requireAssignable } from '../operator/access-view';
import { sameAssignee } from '../shared/assignee';
import { conflict, invalid, notFound, ruleViolated } from '../shared/errors';
import { requireText } from '../shared/guards';
import { childJobId, MAX_JOB_DEPTH } from '../shared/ids';
import { checkedJobData, MAX_TEXT_LENGTH, MAX_TITLE_LENGTH, requirePriority } from './creation';
import { CREATABLE_PHASES, type JobEvent, type JobUpdated } from './events';
import { withJobId } from './execution';
import { requireOpen, requirePhase } from './rules';
import type { ExistingJob, JobState } from './state';
import type { StructureCommand } from './structure-commands';

type Changes = JobUpdated['data']['changes'];
type Of<T extends StructureCommand['type']> = Extract<StructureCommand, { type: T }>;

/** PATCH semantics: only fields that are given and differ from the job's become the event. */
const effectiveChanges = (job: ExistingJob, c: Changes): Changes => {
  const title = c.title === undefined ? undefined : requireText('title', c.title, MAX_TITLE_LENGTH);
  const description = c.description === undefined ? undefined : requireText('description', c.description, MAX_TEXT_LENGTH);
  const acceptanceCriteria = c.acceptanceCriteria?.trim();
  if (acceptanceCriteria !== undefined && acceptanceCriteria.length > MAX_TEXT_LENGTH) {
    throw invalid('FIELD_TOO_LONG', `acceptanceCriteria is longer than ${MAX_TEXT_LENGTH}`, { field: 'acceptanceCriteria' });
  }
  const assigneeChanged = c.assignee !== undefined && !(c.assignee === null ? job.assignee === null : sameAssignee(c.assignee, job.assignee));
  return {
    ...(title !== undefined && title !== job.job.title && { title }),
    ...(description !== undefined && description !== job.job.description && { description }),
    ...(acceptanceCriteria !== undefined && acceptanceCriteria !== (job.job.acceptanceCriteria ?? '') && { acceptanceCriteria }),
    ...(c.priority !== undefined && requirePriority(c.priority) !== job.priority && { priority: c.priority }),
    ...(c.phase !== undefined && c.phase !== job.phase && { phase: c.phase }),
    ...(assigneeChanged && { assignee: c.assignee }),
  };
};

const decideUpdate = (command: Of<'UpdateJob'>, state: JobState): JobEvent[] => {
  const job = requireOpen(state);
  const changes = effectiveChanges(job, command.changes);
  if (changes.phase !== undefined) {
    if (!(CREATABLE_PHASES as readonly string[]).includes(changes.phase)) {
      throw invalid('INVALID_PHASE', `phase can be set to ${CREATABLE_PHASES.join(', ')} only`, { phase: changes.phase });
    }
    // Moving a job that is being worked on or reviewed would bypass its lifecycle.
    requirePhase(job, ...CREATABLE_PHASES);
  }
  if (changes.assignee !== undefined) {
    if (job.phase === 'active') throw conflict('JOB_ACTIVE', 'release or end the running ServiceEvent first');
    if (changes.assignee) requireAssignable(changes.assignee, command.assigneeView);
  }
  return Object.keys(changes).length ? [{ type: 'JobUpdated', data: { changes } }] : [];
};

/** `{parent}.{n}`: n counts every allocation of this parent, so an id is never reused. */
const decideAllocateChild = (command: Of<'AllocateChild'>, state: JobState): JobEvent[] => {
  const parent = requireOpen(state);
  const parentId = parent.job.jobId;
  if (parent.job.projectSlug !== command.projectSlug) {
    throw ruleViolated('PARENT_IN_OTHER_PROJECT', `job ${parentId} belongs to project ${parent.job.projectSlug}`, {
      parentId, projectSlug: parent.job.projectSlug,
    });
  }
  const depth = parent.job.depth + 1;
  if (depth > MAX_JOB_DEPTH) {
    throw ruleViolated('JOB_TOO_DEEP', `jobs nest at most ${MAX_JOB_DEPTH} levels; ${parentId} is at level ${parent.job.depth}`, {
      parentId, maxDepth: MAX_JOB_DEPTH,
    });
  }
  const n = parent.childCount + 1;
  const childId = childJobId(parentId, n);
  const job = checkedJobData({
    ...command.child, jobId: childId, projectSlug: parent.job.projectSlug, parentId, depth,
    ...(command.child.execution && { execution: withJobId(command.child.execution, childId) }),
  });
  return [{ type: 'JobChildAllocated', data: { childId, n, job } }];
};

const decideAddDependency = (command: Of<'AddDependency'>, state: JobState): JobEvent[] => {
  const job = requireOpen(state);
  const { relatedJobId, relation } = command;
  if (relatedJobId === job.job.jobId) throw invalid('SELF_DEPENDENCY', 'a job cannot depend on itself', { relatedJobId });
  if (!command.relatedExists) throw notFound('RELATED_JOB_NOT_FOUND', `job ${relatedJobId} not found`, { relatedJobId });
  if (job.dependencies.some((d) => d.relatedJobId === relatedJobId && d.relation === relation)) {
    throw conflict('DEPENDENCY_EXISTS', `${job.job.jobId} already has ${relation} ${relatedJobId}`, { relatedJobId, relation });
  }
  if (command.cycleUnknownBeyond !== undefined && (relation === 'blocked_by' || relation === 'waits_for')) {
    throw ruleViolated('DEPENDENCY_GRAPH_TOO_LARGE', `the jobs ${relation} ${relatedJobId} would order reach more than ${command.cycleUnknownBeyond} others: whether it closes a cycle was not found out, so it is not added`, {
      maxVisited: command.cycleUnknownBeyond,
    });
  }
  if (command.cycle && (relation === 'blocked_by' || relation === 'waits_for')) {
    throw ruleViolated('DEPENDENCY_CYCLE', `${relation} ${relatedJobId} would close a cycle: ${[job.job.jobId, ...command.cycle].join(' → ')}`, {
      cycle: [job.job.jobId, ...command.cycle],
    });
  }
  return [{ type: 'JobDependencyAdded', data: { relatedJobId, relation } }];
};

const decideRemoveDependency = (command: Of<'RemoveDependency'>, state: JobState): JobEvent[] => {
  const job = requireOpen(state);
  const { relatedJobId, relation } = command;
  if (!job.dependencies.some((d) => d.relatedJobId === relatedJobId && d.relation === relation)) {
    throw notFound('DEPENDENCY_NOT_FOUND', `${job.job.jobId} has no ${relation} ${relatedJobId}`, { relatedJobId, relation });
  }
  return [{ type: 'JobDependencyRemoved', data: { relatedJobId, relation } }];
};

/** The job's shape: edits (PATCH), child allocation, dependencies. */
export const decideStructure = (command: StructureCommand, state: JobState): JobEvent[] => {
  switch (command.type) {
    case 'UpdateJob':
      return decideUpdate(command, state);
    case 'AllocateChild':
      return decideAllocateChild(command, state);
    case 'AddDependency':
      return decideAddDependency(command, state);
    case 'RemoveDependency':
      return decideRemoveDependency(command, state);
  }
};
