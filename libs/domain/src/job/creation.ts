import { requireMaxAttempts } from '../project/decider';
import { invalid } from '../shared/errors';
import { requireText } from '../shared/guards';
import { MAX_JOB_DEPTH } from '../shared/ids';
import { CREATABLE_PHASES, type JobCreatedData } from './events';
import { requireExecutionShape, requireValidExecution, type Execution } from './execution';
import { truncated } from '../shared/text';

export const MAX_TITLE_LENGTH = 200;
export const MAX_TEXT_LENGTH = 50_000;

export const requirePriority = (priority: number): number => {
  if (!Number.isInteger(priority) || priority < 0 || priority > 4) throw invalid('INVALID_PRIORITY', 'priority is 0–4');
  return priority;
};

/** The first line of the description stands in for a missing title (SPEC §2). */
export const titleOf = (title: string | undefined, description: string): string =>
  title?.trim() || truncated(description.split('\n')[0].trim(), MAX_TITLE_LENGTH);

const checkedJob = (j: JobCreatedData, requireExecution: (e: Execution | undefined) => void): JobCreatedData => {
  if (j.depth < 1 || j.depth > MAX_JOB_DEPTH) throw invalid('JOB_TOO_DEEP', `jobs nest at most ${MAX_JOB_DEPTH} levels`);
  requirePriority(j.priority);
  if (!(CREATABLE_PHASES as readonly string[]).includes(j.phase)) {
    throw invalid('INVALID_PHASE', `a job is created in ${CREATABLE_PHASES.join(', ')}`, { phase: j.phase });
  }
  requireMaxAttempts(j.maxAttempts);
  requireExecution(j.execution);
  const description = requireText('description', j.description, MAX_TEXT_LENGTH);
  const title = titleOf(j.title, description);
  if (title.length > MAX_TITLE_LENGTH) throw invalid('FIELD_TOO_LONG', `title is longer than ${MAX_TITLE_LENGTH}`, { field: 'title' });
  return { ...j, title, description };
};

/**
 * What every new job must satisfy, however it is created (Create Job, the jobs route, a
 * child allocation, a template): checked before the event, because an allocated child is
 * created later by a reactor and must not be refused then.
 */
export const checkedJobData = (j: JobCreatedData): JobCreatedData => checkedJob(j, requireValidExecution);

/**
 * The same, for a job not yet in a project (a template's): its git settings are checked as
 * given, not as resolved, since a project's defaults may supply what they leave out.
 */
export const checkedJobFields = (j: JobCreatedData): JobCreatedData => checkedJob(j, requireExecutionShape);
