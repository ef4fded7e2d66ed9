export * from './port';
export * from './content-type';
export * from './fs';
export * from './inline';
