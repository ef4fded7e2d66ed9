export * from './memory-store';
export * from './recorded';
export * from './project';
export * from './fixtures';
