import { UsageError } from './usage-error';

/**
 * What a harness receives when it runs a claimed job (docs/cli.md): the verbs use it as
 * their default job, attempt and project, so a harness can type `jobledger job submit`.
 */
export const harnessEnv = () => ({
  projectId: process.env.JOBLEDGER_PROJECT_ID || undefined,
  jobId: process.env.JOBLEDGER_JOB_ID || undefined,
  /** The attempt's serviceEventId. */
  attemptId: process.env.JOBLEDGER_ATTEMPT_ID || undefined,
  agentId: process.env.JOBLEDGER_AGENT_ID || undefined,
  parentJobId: process.env.JOBLEDGER_PARENT_JOB_ID || undefined,
});

/** The job named on the command line, else the current one (JOBLEDGER_JOB_ID). */
export const jobIdOr = (jobId: string | undefined): string => {
  const id = jobId ?? harnessEnv().jobId;
  if (!id) throw new UsageError('name a job, or set JOBLEDGER_JOB_ID (a harness running a claimed job has it)');
  return id;
};

/** The project named with --project, else JOBLEDGER_PROJECT_ID. */
export const projectOr = (project: string | undefined): string => {
  const slug = project ?? harnessEnv().projectId;
  if (!slug) throw new UsageError('name a project with --project, or set JOBLEDGER_PROJECT_ID');
  return slug;
};
