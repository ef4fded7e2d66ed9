export { threadsProjection, THREADS, THREAD_MESSAGES } from './projection';
export type { ThreadDoc, ThreadMessageDoc } from './projection';
