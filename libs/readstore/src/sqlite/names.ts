import { invalid } from '../../../domain/src/shared/errors';

/*
 * Collection, index and field names are interpolated into SQL text, never bound: a field
 * becomes a column name (key-columns.ts) or a literal JSON path, and neither can be bound.
 * So every name is checked against a strict pattern before it reaches SQL.
 */
const COLLECTION_NAME = /^[a-z][a-z0-9_]{0,62}$/;
const INDEX_NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
const FIELD_SEGMENT = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const MAX_FIELD_DEPTH = 8;

/** `_id` lives in its own primary-key column, not (only) in the JSON. */
export const ID_FIELD = '_id';

/** Every adapter accepts the same collection names, so a read model moves between them unchanged. */
export const assertCollectionName = (collection: string): void => {
  if (!COLLECTION_NAME.test(collection)) {
    throw invalid('INVALID_COLLECTION_NAME', `collection name ${JSON.stringify(collection)} must match ${COLLECTION_NAME}`);
  }
};

export const tableName = (collection: string): string => {
  assertCollectionName(collection);
  return `rm_${collection}`;
};

export const assertIndexName = (name: string): void => {
  if (!INDEX_NAME.test(name)) {
    throw invalid('INVALID_INDEX_NAME', `index name ${JSON.stringify(name)} must match ${INDEX_NAME}`);
  }
};

export const indexName = (collection: string, name: string): string => {
  assertIndexName(name);
  return `ix_${tableName(collection)}_${name}`;
};

export const isFieldPath = (field: string): boolean => {
  const segments = field.split('.');
  return segments.length <= MAX_FIELD_DEPTH && segments.every((s) => FIELD_SEGMENT.test(s));
};

export const assertFieldPath = (field: string): void => {
  if (!isFieldPath(field)) {
    throw invalid('INVALID_FIELD_NAME', `field ${JSON.stringify(field)} must be a dotted path of identifiers`);
  }
};

/** The JSON path of a field (validated here), for json_extract, json_type and json_each. */
export const jsonPath = (field: string): string => {
  assertFieldPath(field);
  return `$.${field}`;
};
