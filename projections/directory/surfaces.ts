import type { SurfaceEvent, SurfaceKind } from '../../libs/domain/src/surface/events';
import type { Handlers } from '../shared/events';

export const SURFACES = 'surfaces';

/**
 * The `surfaces` document: a surface and the evidence policy in force *now*. Jobs keep the
 * policy snapshotted at their creation (SPEC §2); this is what the next job will get.
 */
export type SurfaceDoc = {
  readonly _id: string;
  readonly key: string;
  readonly name: string;
  readonly kind: SurfaceKind;
  readonly requiredEvidence: readonly string[];
  readonly allowedEvidence: readonly string[];
  readonly definedAt: string;
  readonly updatedAt: string;
  readonly lastPosition: string;
};

export const surfaceHandlers: Handlers<SurfaceDoc | null, SurfaceEvent, SurfaceDoc | null> = {
  SurfaceDefined: (doc, { data, metadata, recordedAt }) =>
    doc ?? {
      _id: data.key, key: data.key, name: data.name, kind: data.kind, requiredEvidence: data.requiredEvidence,
      allowedEvidence: data.allowedEvidence, definedAt: metadata.occurredAt, updatedAt: recordedAt, lastPosition: '-1',
    },
  SurfaceEvidencePolicyChanged: (doc, { data }) =>
    doc && { ...doc, requiredEvidence: data.requiredEvidence, allowedEvidence: data.allowedEvidence },
};
