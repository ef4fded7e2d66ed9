import { spec } from '../testing/decider-specification';
import { surfaceDecider } from './decider';
import type { SurfaceEvent } from './events';

const surface = spec(surfaceDecider);
const defined: SurfaceEvent = {
  type: 'SurfaceDefined',
  data: { key: 'auto-detailing', name: 'Auto detailing', kind: 'physical', requiredEvidence: ['before', 'after'], allowedEvidence: ['arrival', 'before', 'after'] },
};

describe('surface', () => {
  it('defines a surface; required categories are always allowed', () => {
    surface
      .given([])
      .when({ type: 'DefineSurface', key: 'auto-detailing', name: 'Auto detailing', kind: 'physical', requiredEvidence: ['before', 'after'], allowedEvidence: ['arrival'] })
      .then([defined]);
  });

  it('lists each category once', () => {
    surface
      .given([])
      .when({ type: 'DefineSurface', key: 'consultation', name: 'Consultation', kind: 'advisory', requiredEvidence: ['signature', 'signature'], allowedEvidence: ['signature', 'notes'] })
      .then([{ type: 'SurfaceDefined', data: { key: 'consultation', name: 'Consultation', kind: 'advisory', requiredEvidence: ['signature'], allowedEvidence: ['signature', 'notes'] } }]);
  });

  it('defines a key once', () => {
    surface.given([defined])
      .when({ type: 'DefineSurface', key: 'auto-detailing', name: 'Again', kind: 'physical', requiredEvidence: [], allowedEvidence: [] })
      .thenThrows('SURFACE_EXISTS', { kind: 'conflict' });
  });

  it('refuses a malformed category', () => {
    surface.given([])
      .when({ type: 'DefineSurface', key: 'auto-detailing', name: 'Auto', kind: 'physical', requiredEvidence: ['Before Photo'], allowedEvidence: [] })
      .thenThrows('INVALID_EVIDENCE_CATEGORY', { kind: 'validation', details: { category: 'Before Photo' } });
  });

  it('changes the evidence policy, keeping required categories allowed', () => {
    surface.given([defined]).when({ type: 'ChangeSurfaceEvidencePolicy', requiredEvidence: ['signature'], allowedEvidence: ['before'] })
      .then([{ type: 'SurfaceEvidencePolicyChanged', data: { requiredEvidence: ['signature'], allowedEvidence: ['before', 'signature'] } }]);
  });

  it('keeps the list left out of a change as it is in force', () => {
    surface.given([defined]).when({ type: 'ChangeSurfaceEvidencePolicy', requiredEvidence: ['arrival'] })
      .then([{ type: 'SurfaceEvidencePolicyChanged', data: { requiredEvidence: ['arrival'], allowedEvidence: ['arrival', 'before', 'after'] } }]);
    surface.given([defined]).when({ type: 'ChangeSurfaceEvidencePolicy', allowedEvidence: ['signature'] })
      .then([{ type: 'SurfaceEvidencePolicyChanged', data: { requiredEvidence: ['before', 'after'], allowedEvidence: ['signature', 'before', 'after'] } }]);
  });

  it('records nothing when the policy would stay the same', () => {
    surface.given([defined]).when({ type: 'ChangeSurfaceEvidencePolicy' }).thenNothing();
    surface.given([defined]).when({ type: 'ChangeSurfaceEvidencePolicy', requiredEvidence: ['before', 'after', 'before'], allowedEvidence: ['arrival'] }).thenNothing();
  });

  it('refuses a malformed category in a change', () => {
    surface.given([defined]).when({ type: 'ChangeSurfaceEvidencePolicy', requiredEvidence: ['Signature!'] })
      .thenThrows('INVALID_EVIDENCE_CATEGORY', { kind: 'validation' });
  });

  it('cannot change the policy of an undefined surface', () => {
    surface.given([]).when({ type: 'ChangeSurfaceEvidencePolicy', requiredEvidence: [], allowedEvidence: [] })
      .thenThrows('SURFACE_NOT_FOUND', { kind: 'not_found' });
  });
});
