export { GridFsBlobStore, type GridFsBlobStoreOptions } from './gridfs-blob-store';
export { DEFAULT_BUCKET } from './metadata';
