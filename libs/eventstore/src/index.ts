export * from './port';
export * from './errors';
export { SqliteEventStore } from './sqlite/sqlite-event-store';
export type { SqliteEventStoreOptions } from './sqlite/options';
export type { SqlitePragmas } from './sqlite/database';
