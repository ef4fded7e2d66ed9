import Ajv, { type ValidateFunction } from 'ajv';

/** The parts of the OpenAPI document these checks read. */
export type MediaType = { schema?: object };
export type OpenApiResponse = { description?: string; content?: Record<string, MediaType> };
export type OpenApiOperation = {
  responses: Record<string, OpenApiResponse>;
  security?: unknown[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, MediaType> };
};
export type OpenApiDoc = { paths: Record<string, Record<string, OpenApiOperation>>; components: { schemas: Record<string, object> } };

/**
 * OpenAPI 3.0 says "may be null" with `nullable: true` beside the type; JSON Schema (what Ajv
 * validates) says it with a `null` alternative. Rewritten here, everything else kept as written:
 * a schema with no `additionalProperties: false` stays open, as the document means it.
 */
export const toJsonSchema = (schema: unknown): unknown => {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = schema as Record<string, unknown>;
  const converted = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, k === 'properties' || k === 'example' ? mapValues(v, k) : toJsonSchema(v)]));
  if (nullable !== true) return converted;
  if (typeof converted.type === 'string' && !converted.enum) return { ...converted, type: [converted.type, 'null'] };
  return { anyOf: [converted, { type: 'null' }] };
};

const mapValues = (v: unknown, key: string) =>
  key === 'example' || v === null || typeof v !== 'object' ? v : Object.fromEntries(Object.entries(v).map(([k, s]) => [k, toJsonSchema(s)]));

/** One validator per documented response schema, compiled against the document's components. */
export const responseValidator = (doc: OpenApiDoc) => {
  // `format` (date-time, binary…) is documentation here, and `example` a keyword Ajv does not know.
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  ajv.addSchema({ components: { schemas: toJsonSchema(doc.components.schemas) } }, 'openapi');
  const cache = new Map<object, ValidateFunction>();
  return (schema: object): ValidateFunction => {
    const known = cache.get(schema);
    if (known) return known;
    const rewritten = JSON.parse(JSON.stringify(toJsonSchema(schema)).replace(/"#\/components\//g, '"openapi#/components/')) as object;
    const compiled = ajv.compile(rewritten);
    cache.set(schema, compiled);
    return compiled;
  };
};

/** The documented path a called path matches: the template with the fewest parameters wins (`/admin/jobs/batch` over `/admin/jobs/{id}`). */
export const templateOf = (doc: OpenApiDoc, method: string, path: string): string | undefined =>
  Object.keys(doc.paths)
    .filter((t) => doc.paths[t][method] && new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path))
    .sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0))[0];
