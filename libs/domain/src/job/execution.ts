import { invalid } from '../shared/errors';

/** How an agent job is to be run (SPEC §2 `JobCreated.execution`), checked field by field. */
export const REASONING_LEVELS = ['low', 'medium', 'high', 'x-high'] as const;
export const PERMISSION_POLICIES = ['yolo', 'auto_edit', 'never'] as const;
export const REF_POLICIES = ['auto', 'env', 'project_default', 'explicit'] as const;
export const CREATE_BRANCH_POLICIES = ['never', 'if_missing', 'always'] as const;
export const COMMIT_POLICIES = ['never', 'manual', 'auto', 'required'] as const;
export const PUSH_POLICIES = ['never', 'on_success', 'required'] as const;

export type ExecutionHints = {
  readonly workerType?: string;
  readonly permissionPolicy?: (typeof PERMISSION_POLICIES)[number];
  /** The attempt's deadline: how long one ServiceEvent may run. */
  readonly timeoutSeconds?: number;
};

export type GitSettings = {
  readonly ref?: string;
  readonly refPolicy?: (typeof REF_POLICIES)[number];
  /** May contain `${job_id}`, replaced by the job's id when the job is created. */
  readonly branch?: string;
  readonly createBranch?: (typeof CREATE_BRANCH_POLICIES)[number];
  readonly commit?: (typeof COMMIT_POLICIES)[number];
  readonly commitMessage?: string;
  readonly push?: (typeof PUSH_POLICIES)[number];
  readonly remote?: string;
};

export type Execution = {
  readonly harness?: string;
  readonly profile?: string;
  readonly variant?: string;
  readonly model?: string;
  readonly reasoning?: (typeof REASONING_LEVELS)[number];
  readonly hints?: ExecutionHints;
  /** As resolved at creation: the job's own settings over the project's git defaults. */
  readonly git?: GitSettings;
};

export const JOB_ID_PLACEHOLDER = '${job_id}';
const PLACEHOLDER = /\$\{([^}]*)\}/g;
export const MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;

/** The object without its undefined and null keys: a key set to nothing is a key left out. */
export const definedOnly = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;

/** Job settings win key by key over the project's defaults; an absent key inherits. */
export const resolveGit = (projectDefaults: GitSettings | undefined, own: GitSettings | undefined): GitSettings | undefined => {
  const merged = definedOnly({ ...definedOnly(projectDefaults ?? {}), ...definedOnly(own ?? {}) });
  return Object.keys(merged).length ? merged : undefined;
};

/** `${job_id}` in the branch becomes the id; any other placeholder is refused. */
export const withJobId = (execution: Execution | undefined, jobId: string): Execution | undefined => {
  const branch = execution?.git?.branch;
  if (!execution || branch === undefined) return execution;
  return { ...execution, git: { ...execution.git, branch: branch.split(JOB_ID_PLACEHOLDER).join(jobId) } };
};

const oneOf = <T extends string>(field: string, value: string | undefined, allowed: readonly T[]): void => {
  if (value !== undefined && !(allowed as readonly string[]).includes(value)) {
    throw invalid('INVALID_EXECUTION', `${field} must be one of ${allowed.join(', ')}`, { field, allowed });
  }
};

/**
 * The rules the edge checks too, field by field, re-checked where the spec becomes an event:
 * they hold for a job's own settings whatever project they are later merged with.
 */
export const requireExecutionShape = (e: Execution | undefined): void => {
  if (!e) return;
  oneOf('execution.reasoning', e.reasoning, REASONING_LEVELS);
  oneOf('execution.hints.permissionPolicy', e.hints?.permissionPolicy, PERMISSION_POLICIES);
  const timeout = e.hints?.timeoutSeconds;
  if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 1 || timeout > MAX_TIMEOUT_SECONDS)) {
    throw invalid('INVALID_EXECUTION', `execution.hints.timeoutSeconds must be an integer from 1 to ${MAX_TIMEOUT_SECONDS}`, {
      field: 'execution.hints.timeoutSeconds',
    });
  }
  const git = e.git;
  if (!git) return;
  oneOf('execution.git.refPolicy', git.refPolicy, REF_POLICIES);
  oneOf('execution.git.createBranch', git.createBranch, CREATE_BRANCH_POLICIES);
  oneOf('execution.git.commit', git.commit, COMMIT_POLICIES);
  oneOf('execution.git.push', git.push, PUSH_POLICIES);
  for (const [, name] of (git.branch ?? '').matchAll(PLACEHOLDER)) {
    if (`\${${name}}` !== JOB_ID_PLACEHOLDER) {
      throw invalid('INVALID_EXECUTION', `execution.git.branch: only ${JOB_ID_PLACEHOLDER} is substituted, not \${${name}}`, { field: 'execution.git.branch' });
    }
  }
};

/** The rules only the resolved settings can answer: a project default may be what meets them. */
export const requireResolvedGit = (git: GitSettings | undefined): void => {
  if (!git) return;
  if (git.refPolicy === 'explicit' && !git.ref) {
    throw invalid('INVALID_GIT_SETTINGS', 'refPolicy explicit needs a ref', { field: 'execution.git.ref' });
  }
  if (git.createBranch && git.createBranch !== 'never' && !git.branch) {
    throw invalid('INVALID_GIT_SETTINGS', `createBranch ${git.createBranch} needs a branch`, { field: 'execution.git.branch' });
  }
  if (git.push && git.push !== 'never' && git.commit === 'never') {
    throw invalid('INVALID_GIT_SETTINGS', `push ${git.push} cannot go with commit never`, { field: 'execution.git.push' });
  }
};

/** Everything a new job's execution must satisfy, its git settings resolved. */
export const requireValidExecution = (e: Execution | undefined): void => {
  requireExecutionShape(e);
  requireResolvedGit(e?.git);
};
