export { SqliteReadStore } from './sqlite-read-store';
export type { SqliteReadStoreOptions } from './connection';
export { DEFAULT_LIMIT, MAX_LIMIT } from '../page-limit';
