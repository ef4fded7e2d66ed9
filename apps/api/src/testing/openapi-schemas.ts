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

/** One validator per documented response schema, compiled against the document's components. */
export const responseValidator = (doc: OpenApiDoc) => {
  // `format` (date-time, binary…) is documentation here, and `example` a keyword Ajv does not know.
  // Ajv reads `nullable` as OpenAPI 3.0.3 defines it, as client generators do: it allows null
  // only beside a `type`, and an `enum` must list null itself. The document is validated as written.
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  ajv.addSchema({ components: { schemas: doc.components.schemas } }, 'openapi');
  const cache = new Map<object, ValidateFunction>();
  return (schema: object): ValidateFunction => {
    const known = cache.get(schema);
    if (known) return known;
    const rewritten = JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"openapi#/components/')) as object;
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
