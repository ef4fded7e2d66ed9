export { jobsProjection, evolveJobDoc } from './projection';
export { JOBS } from './document';
export type { JobDoc, AttemptEntry, EvidenceEntry, RelationEntry, EffectivePhase } from './document';
export { JOB_CLAIMS } from './claims';
export type { JobClaimDoc } from './claims';
export { JOB_CREATIONS } from './creations';
export type { JobCreationDoc } from './creations';
export { DEPENDENCY_ADDITIONS } from './dependency-additions';
export type { DependencyAdditionDoc } from './dependency-additions';
