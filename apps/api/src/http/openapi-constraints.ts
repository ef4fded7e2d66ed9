import { getMetadataStorage, ValidationTypes } from 'class-validator';

type Schema = Record<string, unknown>;

/** What each class-validator rule says, in the schema's words. */
const KEYWORDS: Readonly<Record<string, (constraints: readonly unknown[]) => Schema | null>> = {
  isInt: () => ({ type: 'integer' }),
  isLength: ([min, max]) => ({ ...(typeof min === 'number' && min > 0 && { minLength: min }), ...(typeof max === 'number' && { maxLength: max }) }),
  minLength: ([n]) => ({ minLength: n }),
  maxLength: ([n]) => ({ maxLength: n }),
  // A pattern with flags (`i`) means more than its source says: left to the description.
  matches: ([pattern]) => (pattern instanceof RegExp ? (pattern.flags.replace('u', '') ? null : { pattern: pattern.source }) : typeof pattern === 'string' ? { pattern } : null),
  isUuid: () => ({ format: 'uuid' }),
  min: ([n]) => ({ minimum: n }),
  max: ([n]) => ({ maximum: n }),
  arrayMinSize: ([n]) => ({ minItems: n }),
  arrayMaxSize: ([n]) => ({ maxItems: n }),
  arrayUnique: () => ({ uniqueItems: true }),
};

const ARRAY_KEYWORDS = new Set(['minItems', 'maxItems', 'uniqueItems']);

/**
 * A schema the rules may be written into: one with a type of its own (not a reference to
 * another class), so `integer` narrows `number` and a length bounds a string.
 */
const typed = (schema: unknown): schema is Schema => typeof schema === 'object' && schema !== null && typeof (schema as Schema).type === 'string';

/**
 * Writes what each body DTO's validation rules require into its schema: whole numbers as
 * `integer`, lengths, patterns, UUIDs, bounds, and array sizes (`each` rules into `items`). The
 * decorators that describe a field say what it is; the rules say what is accepted, and a client
 * generated from the document should refuse what the server would refuse with a 400.
 */
export const withValidationConstraints = <D extends { components?: { schemas?: Record<string, unknown> } }>(doc: D, classes: readonly Function[]): D => {
  const schemas = doc.components?.schemas ?? {};
  const storage = getMetadataStorage();
  for (const dto of classes) {
    const schema = schemas[dto.name] as { properties?: Record<string, unknown> } | undefined;
    if (!schema?.properties) continue;
    for (const rule of storage.getTargetValidationMetadatas(dto, '', true, false)) {
      if (rule.type !== ValidationTypes.CUSTOM_VALIDATION || !rule.name) continue;
      const keywords = KEYWORDS[rule.name]?.(rule.constraints ?? []);
      const property = schema.properties[rule.propertyName];
      if (!keywords || !typed(property)) continue;
      for (const [keyword, value] of Object.entries(keywords)) {
        const target = rule.each && !ARRAY_KEYWORDS.has(keyword) ? property.items : property;
        if (typed(target) && !(keyword === 'type' && target.type !== 'number')) target[keyword] = value;
      }
    }
  }
  return doc;
};
