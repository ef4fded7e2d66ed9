export * from './port';
export * from './lease-lost';
export * from './sqlite';
