export { DEFAULT_INLINE_MAX_BYTES, InlineBlobStore, type InlineBlobStoreOptions } from './inline-blob-store';
