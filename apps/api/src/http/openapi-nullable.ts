type Schema = Record<string, unknown>;

/** A null alternative that OpenAPI 3.0.3 tools read as "null": `nullable` beside a type, null its one value. */
const NULL_ONLY: Schema = { type: 'object', nullable: true, enum: [null] };

/**
 * `nullable: true` as OpenAPI 3.0.3 defines it: it allows null only beside a `type` in the same
 * schema, and an `enum` must list null itself. The Swagger module writes a nullable reference as
 * `{ nullable, allOf: [$ref] }` and a nullable enum without null, so code generated from the
 * document, and validators, refused the nulls the API answers. Rewritten: a reference becomes
 * `anyOf: [$ref, null]`, an enum gains null, a composition a null alternative, and a schema with
 * neither type nor composition (any JSON, null included) drops the keyword, as does `nullable: false`.
 */
export const strictNullable = (schema: unknown): unknown => {
  if (Array.isArray(schema)) return schema.map(strictNullable);
  if (schema === null || typeof schema !== 'object') return schema;
  const entries = Object.entries(schema as Schema).map(([k, v]) => [k, k === 'example' || k === 'enum' ? v : strictNullable(v)] as const);
  const { nullable, ...rest } = Object.fromEntries(entries) as Schema;
  if (nullable !== true) return rest; // false is the default, and beside no type a validator's error
  if (Array.isArray(rest.enum)) return { ...rest, nullable, enum: rest.enum.includes(null) ? rest.enum : [...rest.enum, null] };
  if (rest.type !== undefined) return { ...rest, nullable };
  const { allOf, $ref, ...others } = rest;
  const refs = [...(Array.isArray(allOf) ? allOf : []), ...($ref === undefined ? [] : [{ $ref }])];
  if (refs.length === 1) return { ...others, anyOf: [refs[0], NULL_ONLY] };
  if (refs.length > 1) return { ...others, anyOf: [{ allOf: refs }, NULL_ONLY] };
  if (Array.isArray(rest.anyOf) || Array.isArray(rest.oneOf)) {
    const key = Array.isArray(rest.anyOf) ? 'anyOf' : 'oneOf';
    return { ...rest, [key]: [...(rest[key] as unknown[]), NULL_ONLY] };
  }
  return rest;
};
