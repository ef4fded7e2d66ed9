import { forbidden, notFound } from '../../../domain/src/shared/errors';
import { threadIdFor } from '../../../domain/src/thread/keys';
import type { Principal } from '../auth/principal';

/** `:id` is a thread id, or its key (`coord:job:{jobId}`): a job's thread is found without a lookup. */
export const resolveThreadId = (ref: string): string => (ref.startsWith('coord:') ? threadIdFor(ref) : ref);

export type ThreadAccess = 'read' | 'post';

/**
 * Admins read and post everywhere; agents and reviewers in the thread's project (agents post,
 * reviewers only read); auditors read every thread. Anyone else, or an agent of another
 * project, is told the thread does not exist: ids of other projects' work do not leak.
 */
export const requireThreadAccess = (p: Principal, thread: { projectSlug: string | null }, access: ThreadAccess): void => {
  if (p.role === 'admin') return;
  const inProject = thread.projectSlug !== null && (p.projects ?? []).includes(thread.projectSlug);
  const reads = p.role === 'auditor' || ((p.role === 'agent' || p.role === 'reviewer') && inProject);
  if (!reads) throw notFound('THREAD_NOT_FOUND', 'thread not found');
  if (access === 'post' && !(p.role === 'agent' && inProject)) {
    throw forbidden('FORBIDDEN', `role ${p.role} may read this thread but not post to it`, { role: p.role });
  }
};
