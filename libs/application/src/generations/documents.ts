import type { Doc } from '../../../readstore/src/port';

/** Where each projection's generations stand; written only by the worker running that projection. */
export const GENERATIONS = 'projection_generations';
/** Rebuild requests; written by the API, picked up by the worker that runs the projection. */
export const REBUILD_REQUESTS = 'projection_rebuild_requests';

export type RebuildRequestDoc = Doc & {
  readonly revision: number;
  readonly requestId: string;
  readonly requestedAt: string;
  readonly requestedBy: string;
};

export type BuildState = {
  readonly generation: number;
  readonly requestId: string;
  readonly startedAt: string;
  /** The head when the build started: progress is measured against it (by log position). */
  readonly targetPosition: string;
  readonly position: string;
  /** 0..1, by log position between the start and `targetPosition`. */
  readonly progress: number;
};

export type FinishedRebuild = { readonly requestId: string; readonly generation: number; readonly startedAt: string; readonly switchedAt: string };

export type GenerationDoc = Doc & {
  /** Bumped by every write: each write is stored under it, so a store that guards positions never drops one. */
  readonly revision: number;
  /** The generation every reader uses. */
  readonly active: number;
  readonly build: BuildState | null;
  /** Generations switched away from whose collections are still to be dropped. */
  readonly retired: readonly number[];
  readonly lastRebuild: FinishedRebuild | null;
};

export const initialGeneration = (name: string): GenerationDoc => ({ _id: name, revision: 0, active: 1, build: null, retired: [], lastRebuild: null });

/** A request not yet taken up by a build nor finished. */
export const isPending = (request: RebuildRequestDoc | null, generation: GenerationDoc): request is RebuildRequestDoc =>
  request !== null && request.requestId !== generation.build?.requestId && request.requestId !== generation.lastRebuild?.requestId;
