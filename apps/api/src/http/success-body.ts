import type { Type } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/**
 * What a route answers on success, declared once next to the route (`ok:` of ApiRoute and
 * ApiCommand): a class with `@ApiProperty` fields (a JSON body), or a body described as a
 * schema of some media type (streams, bytes, text, one of several classes).
 */
export type SuccessBody =
  | Type<unknown>
  | {
    /** One media type, or several the body is one of (the same schema for each). */
    readonly mediaType: string | readonly string[];
    readonly schema: SchemaObject;
    readonly description: string;
    readonly models?: readonly Type<unknown>[];
  };

/** Server-sent events: the stream's events, said in words (an OpenAPI schema cannot describe a stream). */
export const sse = (description: string): SuccessBody => ({ mediaType: 'text/event-stream', schema: { type: 'string' }, description });

/** A JSON body that is one of these classes (e.g. a list, or one item of it when a query names it). */
export const oneOf = (description: string, ...models: Type<unknown>[]): SuccessBody => ({
  mediaType: 'application/json', schema: { oneOf: models.map((m) => ({ $ref: getSchemaPath(m) })) }, description, models,
});

/** The response decorators of a success status with its body. */
export const successBody = (status: number, ok: SuccessBody): MethodDecorator[] => {
  if (typeof ok === 'function') return [ApiResponse({ status, type: ok, description: ok.name })];
  return [
    ...(ok.models?.length ? [ApiExtraModels(...ok.models)] : []),
    ApiResponse({ status, description: ok.description, content: Object.fromEntries([ok.mediaType].flat().map((type) => [type, { schema: ok.schema }])) }),
  ];
};
