export * from './port';
export * from './content-type';
export * from './errors';
export * from './fs';
export * from './inline';
