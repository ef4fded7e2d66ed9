import { invalid } from '../../domain/src/shared/errors';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/** A non-positive or fractional limit is a caller bug; a large one is only clamped. */
export const pageLimit = (limit: number | undefined): number => {
  if (limit === undefined) return DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw invalid('INVALID_LIMIT', `limit must be a positive integer, not ${limit}`);
  return Math.min(limit, MAX_LIMIT);
};
