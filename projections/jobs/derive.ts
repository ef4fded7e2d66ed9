import { isTerminal } from '../../libs/domain/src/job/state';
import { assigneeKey } from '../../libs/domain/src/shared/assignee';
import { NOT_DEFERRED } from '../desks/document';
import { last } from '../shared/lists';
import { isLive } from './attempts';
import type { JobDoc } from './document';

/**
 * Everything a job document derives from its own fields, recomputed after every change so
 * it can never drift: the assignee key, the current ServiceEvent, `waiting`,
 * `effectivePhase`, whether the job is on the ready queue (`claimable`, `claimableFrom`) and
 * which required evidence the current (else latest) attempt satisfies.
 *
 * `blocked` is the one derived flag that needs other documents (its blockers' phases):
 * relations.ts computes it and it is taken here as given.
 *
 * SPEC §1: effectivePhase = blocked if blocked, else waiting if waiting, else phase. A job
 * that is done or cancelled is shown as such: a finished job is no longer "blocked" or
 * "waiting" for anyone looking at a list, even if a blocker was never resolved.
 */
export const derive = (doc: JobDoc): JobDoc => {
  const latest = last(doc.attempts);
  const waiting = latest?.status === 'waiting';
  const captured = new Set((latest?.evidence ?? []).map((e) => e.category));
  return {
    ...doc,
    assigneeKey: doc.assignee ? assigneeKey(doc.assignee) : null,
    currentServiceEventId: latest && isLive(latest.status) ? latest.serviceEventId : null,
    waiting,
    effectivePhase: isTerminal(doc.phase) ? doc.phase : doc.blocked ? 'blocked' : waiting ? 'waiting' : doc.phase,
    claimable: doc.phase === 'ready' && !doc.blocked && doc.attemptsUsed < doc.maxAttempts,
    claimableFrom: doc.deferUntil ?? NOT_DEFERRED,
    evidenceStatus: doc.requiredEvidence.map((category) => ({ category, satisfied: captured.has(category) })),
    evidenceRequired: doc.requiredEvidence.length > 0,
    // One field for `q` (text in title or description): a filter matches one field.
    searchText: `${doc.title}\n${doc.description}`,
  };
};
