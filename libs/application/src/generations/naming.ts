import type { Projection } from '../../../../projections/projection';

/**
 * A projection's documents live in one *generation* of physical collections at a time.
 * Generation 1 uses the logical names themselves (`jobs`), so data written before
 * generations existed is simply generation 1; a rebuild writes generation n ≥ 2 into
 * `jobs__g{n}` and readers switch to it once it has caught up.
 */
export const FIRST_GENERATION = 1;

export const physicalName = (logical: string, generation: number): string =>
  generation === FIRST_GENERATION ? logical : `${logical}__g${generation}`;

/**
 * The live generation always checkpoints under the processor's own name (whatever its
 * generation), so a process that only watches checkpoints never has to know about
 * generations; a generation being built has its own checkpoint until the switch.
 */
export const buildCheckpointName = (processor: string, generation: number): string => `${processor}__g${generation}`;

/** Logical collection → the projection that owns it (generations are per projection). */
export const collectionOwners = (projections: readonly Projection[]): ReadonlyMap<string, string> =>
  new Map(projections.flatMap((p) => p.collections.map((c) => [c.name, p.name] as const)));

/** The generation after every one this projection has used (active, retired or being built). */
export const nextGeneration = (used: readonly number[]): number => Math.max(FIRST_GENERATION, ...used) + 1;
