import { invalid } from '../../../domain/src/shared/errors';
import { assertCollectionName } from '../sqlite/names';

/** Where the store keeps its own bookkeeping, next to the read models. */
export const CHECKPOINTS = 'checkpoints';
export const LEASES = 'leases';

/**
 * Read models keep their own names (`db.jobs.find()` reads naturally in the shell); the
 * store's own collections are therefore reserved.
 */
export const readModelCollection = (name: string): string => {
  assertCollectionName(name);
  if (name === CHECKPOINTS || name === LEASES) throw invalid('INVALID_COLLECTION_NAME', `collection name ${JSON.stringify(name)} is reserved by the read store`);
  return name;
};
