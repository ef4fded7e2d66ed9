import type { JobCreatedData } from '../../../domain/src/job/events';
import { resolveGit, withJobId, type Execution } from '../../../domain/src/job/execution';
import type { ChildSpec } from '../../../domain/src/job/structure-commands';
import { requireAssignable } from '../../../domain/src/operator/access-view';
import { projectDecider } from '../../../domain/src/project/decider';
import type { ProjectDefaults } from '../../../domain/src/project/events';
import { notFound, ruleViolated } from '../../../domain/src/shared/errors';
import { streams } from '../../../domain/src/shared/streams';
import { surfaceDecider } from '../../../domain/src/surface/decider';
import type { TemplateJob } from '../../../domain/src/template/events';
import type { EventStore } from '../../../eventstore/src/port';
import { accessViewOf } from '../auth/policy';
import { loadState } from '../commands/command-executor';

/** What a caller says about a new job; the rest comes from the project (and the surface, if named). */
export type JobInput = TemplateJob;

type Policy = { readonly requiredEvidence: readonly string[]; readonly allowedEvidence: readonly string[] };
export type CreationFacts = { readonly defaults: ProjectDefaults; readonly policy: Policy | null };

/**
 * Reads what a new job snapshots: the project's defaults (404 when there is no such project)
 * and the named surface's evidence policy; and refuses an operator who may not be given work.
 */
export const creationFacts = async (store: EventStore, projectSlug: string, input: JobInput): Promise<CreationFacts> => {
  const [project, surface] = await Promise.all([
    loadState(store, streams.project(projectSlug), projectDecider),
    input.surface ? loadState(store, streams.surface(input.surface), surfaceDecider) : null,
  ]);
  if (project.state.status === 'absent') throw notFound('PROJECT_NOT_FOUND', `project ${projectSlug} not found`);
  if (surface && surface.state.status !== 'defined') {
    throw ruleViolated('SURFACE_NOT_FOUND', `surface ${input.surface} is not defined`, { surface: input.surface });
  }
  if (input.assignee?.kind === 'operator') requireAssignable(input.assignee, await accessViewOf(store, input.assignee));
  return { defaults: project.state.defaults, policy: surface?.state.status === 'defined' ? surface.state : null };
};

/** The job's execution with its git resolved over the project's defaults (SPEC: job → project). */
const resolvedExecution = (execution: Execution | undefined, defaults: ProjectDefaults): Execution | undefined => {
  const git = resolveGit(defaults.git, execution?.git);
  if (!execution && !git) return undefined;
  const { git: _own, ...rest } = execution ?? {};
  return { ...rest, ...(git && { git }) };
};

/** A new job as its parent (or the project, for a root job) will record it. */
export const jobSpecOf = (input: JobInput, facts: CreationFacts): ChildSpec => {
  const execution = resolvedExecution(input.execution, facts.defaults);
  return {
    title: input.title ?? '',
    description: input.description,
    ...(input.acceptanceCriteria !== undefined && { acceptanceCriteria: input.acceptanceCriteria }),
    ...(input.surface && { surface: input.surface }),
    ...(input.assignee && { assignee: input.assignee }),
    priority: input.priority ?? 2,
    phase: input.phase ?? 'ready',
    requiredEvidence: [...(facts.policy?.requiredEvidence ?? [])],
    allowedEvidence: [...(facts.policy?.allowedEvidence ?? [])],
    reviewRequired: input.reviewRequired ?? facts.defaults.reviewRequired,
    maxAttempts: input.maxAttempts ?? facts.defaults.maxAttempts,
    ...(execution && { execution }),
  };
};

export const rootJobData = (spec: ChildSpec, jobId: string, projectSlug: string): JobCreatedData => ({
  ...spec,
  jobId,
  projectSlug,
  depth: 1,
  ...(spec.execution && { execution: withJobId(spec.execution, jobId) }),
});
