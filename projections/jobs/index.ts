export { jobsProjection, evolveJobDoc } from './projection';
export { JOBS } from './document';
export type { JobDoc, AttemptEntry, EvidenceEntry, RelationEntry, EffectivePhase } from './document';
export { JOB_CLAIMS } from './claims';
export type { JobClaimDoc } from './claims';
