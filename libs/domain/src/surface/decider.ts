import type { Decider } from '../shared/decider';
import { conflict, notFound } from '../shared/errors';
import { normaliseCategories, requireSlug, requireText } from '../shared/guards';
import type { SurfaceEvent, SurfaceKind } from './events';

export type EvidencePolicy = { readonly requiredEvidence: readonly string[]; readonly allowedEvidence: readonly string[] };

export type SurfaceState =
  | { readonly status: 'absent' }
  | ({ readonly status: 'defined'; readonly key: string; readonly name: string; readonly kind: SurfaceKind } & EvidencePolicy);

export type SurfaceCommand =
  | ({ readonly type: 'DefineSurface'; readonly key: string; readonly name: string; readonly kind: SurfaceKind } & EvidencePolicy)
  /** A list left out keeps the one in force (`PATCH /surfaces/:key`). */
  | ({ readonly type: 'ChangeSurfaceEvidencePolicy' } & Partial<EvidencePolicy>);

const evolve = (state: SurfaceState, event: SurfaceEvent): SurfaceState => {
  switch (event.type) {
    case 'SurfaceDefined':
      return { status: 'defined', ...event.data };
    case 'SurfaceEvidencePolicyChanged':
      return state.status === 'defined' ? { ...state, ...event.data } : state;
  }
};

/** Required categories are always allowed: the policy stored lists both explicitly. */
const policyOf = (p: EvidencePolicy) => {
  const requiredEvidence = normaliseCategories('requiredEvidence', p.requiredEvidence);
  const allowedEvidence = normaliseCategories('allowedEvidence', [...p.allowedEvidence, ...requiredEvidence]);
  return { requiredEvidence, allowedEvidence };
};

/** Order counts: `EVIDENCE_MISSING` names the missing categories in the order they are required. */
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((c, i) => c === b[i]);

const decide = (command: SurfaceCommand, state: SurfaceState): SurfaceEvent[] => {
  if (command.type === 'DefineSurface') {
    if (state.status !== 'absent') throw conflict('SURFACE_EXISTS', `surface ${command.key} is already defined`);
    requireSlug('key', command.key);
    const name = requireText('name', command.name, 200);
    return [{ type: 'SurfaceDefined', data: { key: command.key, name, kind: command.kind, ...policyOf(command) } }];
  }
  if (state.status === 'absent') throw notFound('SURFACE_NOT_FOUND', 'surface not found');
  const next = policyOf({
    requiredEvidence: command.requiredEvidence ?? state.requiredEvidence,
    allowedEvidence: command.allowedEvidence ?? state.allowedEvidence,
  });
  // A change that changes nothing is not recorded: the surface's history lists real changes only.
  if (sameList(next.requiredEvidence, state.requiredEvidence) && sameList(next.allowedEvidence, state.allowedEvidence)) return [];
  return [{ type: 'SurfaceEvidencePolicyChanged', data: next }];
};

export const surfaceDecider: Decider<SurfaceState, SurfaceCommand, SurfaceEvent> = {
  initialState: () => ({ status: 'absent' }),
  evolve,
  decide,
};
