export * from './port';
export * from './content-type';
export * from './fs';
