import { deriveId } from '../shared/ids';

/** The coordination thread of a parent job and its children. */
export const coordinationKey = (parentJobId: string): string => `coord:job:${parentJobId}`;

const COORDINATION_KEY = /^coord:job:(.+)$/;

/** The parent job a coordination key names, or null for any other key. */
export const jobOfKey = (key: string): string | null => COORDINATION_KEY.exec(key)?.[1] ?? null;

/** Thread ids derive from the key, so a thread is opened once however often anyone tries. */
export const threadIdFor = (key: string): string => deriveId('thread', key);
