import type { Event } from '../shared/event';

export const SURFACE_KINDS = ['physical', 'advisory'] as const;
export type SurfaceKind = (typeof SURFACE_KINDS)[number];
export const STANDARD_EVIDENCE = ['arrival', 'before', 'after', 'signature'] as const;

export type SurfaceDefined = Event<
  'SurfaceDefined',
  { key: string; name: string; kind: SurfaceKind; requiredEvidence: string[]; allowedEvidence: string[] }
>;
export type SurfaceEvidencePolicyChanged = Event<
  'SurfaceEvidencePolicyChanged',
  { requiredEvidence: string[]; allowedEvidence: string[] }
>;

export type SurfaceEvent = SurfaceDefined | SurfaceEvidencePolicyChanged;
