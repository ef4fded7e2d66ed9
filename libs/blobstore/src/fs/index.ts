export { DEFAULT_MAX_BYTES, FsBlobStore, type FsBlobStoreOptions } from './fs-blob-store';
