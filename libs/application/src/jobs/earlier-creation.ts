import { DEPENDENCY_ADDITIONS, JOB_CREATIONS, type DependencyAdditionDoc, type JobCreationDoc } from '../../../../projections/jobs';
import type { CommandContext } from '../../../domain/src/shared/event';
import type { EventStore } from '../../../eventstore/src/port';
import type { ReadStore } from '../../../readstore/src/port';
import { requireSameHash } from '../commands/same-request';
import { rootCreatedBy } from './job-ids';

/**
 * `POST /projects/:slug/jobs` names the parent in its body, so the stream a keyed create
 * targets depends on the request: a repeat with another parent (or none) would not find the
 * first job there and would create a second. It is looked for wherever it may be — the root
 * job's stream, whose id derives from the command, and the children kept by command in
 * `job_creations` — and a different request under the key is refused. The same request
 * targets the same stream, which answers it as the first time.
 */
export const requireNoOtherCreation = async (store: EventStore, read: ReadStore, projectSlug: string, ctx: CommandContext): Promise<void> => {
  if (ctx.requestHash === undefined) return;
  const [root, child] = await Promise.all([
    rootCreatedBy(store, projectSlug, ctx.commandId),
    read.collection<JobCreationDoc>(JOB_CREATIONS).get(ctx.commandId),
  ]);
  requireSameHash(ctx, root?.metadata.requestHash);
  if (child?.projectSlug === projectSlug) requireSameHash(ctx, child.requestHash);
};

/**
 * `POST /templates/:id/jobs` names its project in the body, and the root job's id derives from
 * the project and the command: a repeat of one key for another project would look in that
 * project and make a second tree there. The first root is found by command in `job_creations`.
 */
export const requireNoOtherRoot = async (read: ReadStore, ctx: CommandContext): Promise<void> => {
  if (ctx.requestHash === undefined) return;
  requireSameHash(ctx, (await read.collection<JobCreationDoc>(JOB_CREATIONS).get(ctx.commandId))?.requestHash);
};

/**
 * `POST /jobs/:id/dependencies` stores `blocks` on the other job's stream: a repeat of one key
 * with another body would look in another stream. The first addition is found by command in
 * `dependency_additions`.
 */
export const requireNoOtherAddition = async (read: ReadStore, ctx: CommandContext): Promise<void> => {
  if (ctx.requestHash === undefined) return;
  requireSameHash(ctx, (await read.collection<DependencyAdditionDoc>(DEPENDENCY_ADDITIONS).get(ctx.commandId))?.requestHash);
};
