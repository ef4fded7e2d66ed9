import { operatorDecider, type OperatorState } from '../../../domain/src/operator/decider';
import type { AccessView } from '../../../domain/src/operator/access-view';
import type { Assignee } from '../../../domain/src/shared/assignee';
import type { Role } from '../../../domain/src/shared/actor';
import { DomainError, forbidden, notFound } from '../../../domain/src/shared/errors';
import { projectOfJobId } from '../../../domain/src/shared/ids';
import { streams } from '../../../domain/src/shared/streams';
import type { EventStore } from '../../../eventstore/src/port';
import { loadState } from '../commands/command-executor';
import { requireMayTakeWork } from '../../../domain/src/job/rules';
import type { Principal } from './principal';

export const requireRole = (p: Principal, ...roles: Role[]): void => {
  if (p.role !== 'admin' && !roles.includes(p.role)) {
    throw forbidden('FORBIDDEN', `role ${p.role} may not do this`, { role: p.role, allowed: ['admin', ...roles] });
  }
};

export const loadOperator = async (store: EventStore, slug: string): Promise<OperatorState> =>
  (await loadState(store, streams.operator(slug), operatorDecider)).state;

/** Operators have an access state in their stream; agents have none (and are not registered). */
export const accessViewOf = async (store: EventStore, assignee: Assignee | null): Promise<AccessView> => {
  if (assignee?.kind !== 'operator') return { exists: true, access: null };
  const op = await loadOperator(store, assignee.slug);
  return op.status === 'registered' ? { exists: true, access: op.access } : { exists: false, access: null };
};

/** A suspended operator may do nothing (agents have no access state). */
export const requireNotSuspended = (view: AccessView, slug: string | undefined): void => {
  if (view.access === 'suspended') throw forbidden('OPERATOR_SUSPENDED', `operator ${slug} is suspended`);
};

/** An operator claims only while `active`: `OPERATOR_SUSPENDED` or `OPERATOR_NOT_ACTIVE` as a claim of a job would answer. */
export const requireMayClaim = async (store: EventStore, executor: Assignee): Promise<void> => {
  const view = await accessViewOf(store, executor);
  if (executor.kind === 'operator') requireNotSuspended(view, executor.slug);
  requireMayTakeWork(executor, view);
};

const governsByToken = (p: Principal): boolean => p.role === 'admin' || (p.role === 'operator' && p.canGovern === true);
const notAGovernor = () => forbidden('NOT_A_GOVERNOR', 'governing needs an admin, or an active operator with canGovern');

/**
 * Governing (intake, approve, decline, assign, Create Job, the governance queue) needs the
 * admin role, or an operator whose token says `canGovern` and whose registration still does
 * (so that the right can be withdrawn without reissuing tokens).
 */
export const isGovernor = async (store: EventStore, p: Principal): Promise<boolean> => {
  if (p.role === 'admin') return true;
  if (!governsByToken(p)) return false;
  const op = await loadOperator(store, p.operator ?? '');
  return op.status === 'registered' && op.canGovern && op.access === 'active';
};

/**
 * What the token alone must say to govern: checked before a command's stored events are looked
 * at, so that a repeat, answered without `requireGovernor`'s live check, still needs a governor's
 * token (another role may share the `sub`, and so the command id).
 */
export const requireGovernorToken = (p: Principal): void => {
  if (!governsByToken(p)) throw notAGovernor();
};

export const requireGovernor = async (store: EventStore, p: Principal): Promise<void> => {
  if (!(await isGovernor(store, p))) throw notAGovernor();
};

/** The assignee a principal acts as when it executes work. */
export const executorOf = (p: Principal): Assignee => {
  if (p.role === 'operator' && p.operator) return { kind: 'operator', slug: p.operator };
  if (p.role === 'agent' && p.agent) return { kind: 'agent', agentId: p.agent };
  throw forbidden('NOT_AN_EXECUTOR', 'only operators and agents execute jobs');
};

/**
 * Operators see and act on their own jobs only; to anyone else such a job does not exist
 * (404, so that ids of other people's work do not leak). Agents and reviewers outside the
 * job's project get 403.
 */
export const requireJobVisible = (p: Principal, job: { assignee?: Assignee | null; projectSlug: string } | null, jobId: string) => {
  const hidden = () => notFound('JOB_NOT_FOUND', `job ${jobId} not found`);
  // The job id names its project, so refusing by it says nothing about whether the job exists.
  requireProject(p, projectOfJobId(jobId));
  if (!job) throw hidden();
  if (p.role === 'admin' || p.role === 'auditor') return;
  if (p.role === 'operator') {
    if (job.assignee?.kind === 'operator' && job.assignee.slug === p.operator) return;
    throw hidden();
  }
  if ((p.role === 'agent' || p.role === 'reviewer') && (p.projects ?? []).includes(job.projectSlug)) return;
  throw hidden();
};

/** `requireJobVisible` as a question. */
export const isJobVisible = (p: Principal, job: { assignee?: Assignee | null; projectSlug: string } | null, jobId: string): boolean => {
  try {
    requireJobVisible(p, job, jobId);
    return true;
  } catch (e) {
    if (e instanceof DomainError) return false;
    throw e;
  }
};

/** Agents and reviewers work in the projects their token lists (403 elsewhere); admins and auditors everywhere. */
export const requireProject = (p: Principal, projectSlug: string): void => {
  if (p.role !== 'agent' && p.role !== 'reviewer') return;
  if (!(p.projects ?? []).includes(projectSlug)) {
    throw forbidden('PROJECT_FORBIDDEN', `project ${projectSlug} is not among this ${p.role}'s projects`, { projectSlug });
  }
};
