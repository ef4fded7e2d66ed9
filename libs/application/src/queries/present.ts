import type { Doc } from '../../../readstore/src/port';

/** Read-model documents without their storage bookkeeping. */
export const present = <T extends Doc>(doc: T): Omit<T, '_id' | 'lastPosition'> => {
  const { _id: _ignored, lastPosition: _position, ...rest } = doc as T & { lastPosition?: unknown };
  return rest;
};
