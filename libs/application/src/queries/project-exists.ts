import { notFound } from '../../../domain/src/shared/errors';
import { streams } from '../../../domain/src/shared/streams';
import type { EventStore } from '../../../eventstore/src/port';

/**
 * 404 PROJECT_NOT_FOUND unless the project's stream exists: one read of its revision, nothing
 * folded. Check the caller's right to the project first (role, `requireProject`), so that a
 * caller not allowed a project is refused alike whether it exists or not.
 *
 * A project that does not exist has no jobs, so a read of its jobs (a list, the ready queue,
 * claim-next, metrics) need ask only when its answer is empty: an empty queue and a project
 * that is not there must not look alike, and a busy queue pays nothing for telling them apart.
 */
export const requireProjectExists = async (store: EventStore, slug: string): Promise<void> => {
  if ((await store.streamRevision(streams.project(slug))) < 0) throw notFound('PROJECT_NOT_FOUND', `project ${slug} not found`);
};
