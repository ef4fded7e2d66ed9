import type { ProcessorStatus } from '../libs/application/src/processing/processor-status';
import { ALL_PROJECTIONS } from '../projections';
import { roundOrNull } from './stats';

export type ProjectionLag = {
  readonly lagP50Ms: number | null;
  readonly lagP99Ms: number | null;
  /** The projection with the highest p99: the one a reader waits for. */
  readonly lagWorstProjection: string | null;
  readonly lagByProcessor: Record<string, { p50Ms: number | null; p99Ms: number | null }>;
};

const PROJECTION_NAMES = new Set(ALL_PROJECTIONS.map((p) => p.name));

/** The runners' own recorded-to-committed lag (`status()`), worst projection first; reactors listed too. */
export const projectionLag = (statuses: readonly ProcessorStatus[]): ProjectionLag => {
  const worst = statuses
    .filter((s) => PROJECTION_NAMES.has(s.name) && s.lagP99Ms !== null)
    .sort((a, b) => (b.lagP99Ms ?? 0) - (a.lagP99Ms ?? 0))[0];
  return {
    lagP50Ms: roundOrNull(worst?.lagP50Ms ?? null, 1),
    lagP99Ms: roundOrNull(worst?.lagP99Ms ?? null, 1),
    lagWorstProjection: worst?.name ?? null,
    lagByProcessor: Object.fromEntries(statuses.map((s) => [s.name, { p50Ms: roundOrNull(s.lagP50Ms, 1), p99Ms: roundOrNull(s.lagP99Ms, 1) }])),
  };
};
