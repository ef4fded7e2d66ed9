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
  | ({ readonly type: 'ChangeSurfaceEvidencePolicy' } & EvidencePolicy);

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

const decide = (command: SurfaceCommand, state: SurfaceState): SurfaceEvent[] => {
  if (command.type === 'DefineSurface') {
    if (state.status !== 'absent') throw conflict('SURFACE_EXISTS', `surface ${command.key} is already defined`);
    requireSlug('key', command.key);
    const name = requireText('name', command.name, 200);
    return [{ type: 'SurfaceDefined', data: { key: command.key, name, kind: command.kind, ...policyOf(command) } }];
  }
  if (state.status === 'absent') throw notFound('SURFACE_NOT_FOUND', 'surface not found');
  return [{ type: 'SurfaceEvidencePolicyChanged', data: policyOf(command) }];
};

export const surfaceDecider: Decider<SurfaceState, SurfaceCommand, SurfaceEvent> = {
  initialState: () => ({ status: 'absent' }),
  evolve,
  decide,
};
