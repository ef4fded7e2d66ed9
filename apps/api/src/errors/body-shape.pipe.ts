import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { fieldsRefused } from './fields-refused';
import { fieldPath, INHERITED_NAMES, LONE_SURROGATE, MAX_JSON_DEPTH } from '../../../../libs/domain/src/shared/json-bounds';

const kindOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

type Survey = { readonly tooDeep: boolean; readonly illFormedAt: string | null; readonly inheritedAt: string | null };

/**
 * One walk over a body: whether it nests deeper than MAX_JSON_DEPTH (the walk stops there),
 * and the path of the first key or string that is not well-formed Unicode.
 */
const survey = (body: object): Survey => {
  let illFormedAt: string | null = null;
  let inheritedAt: string | null = null;
  const stack: Array<[unknown, number, string]> = [[body, 1, '']];
  while (stack.length) {
    const [value, depth, path] = stack.pop() as [unknown, number, string];
    if (typeof value === 'string') {
      if (illFormedAt === null && LONE_SURROGATE.test(value)) illFormedAt = path;
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_JSON_DEPTH) return { tooDeep: true, illFormedAt, inheritedAt };
    for (const [key, inner] of Object.entries(value)) {
      const at = fieldPath(path, key);
      if (illFormedAt === null && LONE_SURROGATE.test(key)) illFormedAt = at;
      if (inheritedAt === null && INHERITED_NAMES.has(key)) inheritedAt = at;
      stack.push([inner, depth + 1, at]);
    }
  }
  return { tooDeep: false, illFormedAt, inheritedAt };
};

export const inheritedName = (path: string): BadRequestException =>
  fieldsRefused({ [path]: [`property ${path} should not exist`] }, `${path}: a field may not be named after what every object inherits (constructor, toString, __proto__…)`);

/** The refusal of text that is not well-formed Unicode at `path` (see BodyShapePipe). */
export const illFormedText = (path: string): BadRequestException =>
  fieldsRefused({ [path]: ['text must be well-formed Unicode'] }, `${path}: text must be well-formed Unicode (a lone surrogate such as \\ud800 is not)`);

/**
 * What every command body must be before a validator walks it, checked in one pass:
 * - a JSON object, or absent where every field is optional: class-validator checks an object's
 *   fields, so a string, number, boolean, null or array would pass as an object with none of
 *   them, and the command would run on its defaults;
 * - nested at most MAX_JSON_DEPTH levels: deeper would overflow class-transformer's recursion
 *   (a 500) or poison a read model;
 * - well-formed Unicode: records are hashed over RFC 8785 canonical JSON, whose input (I-JSON,
 *   RFC 7493) has no lone surrogates, so one stored in an event would seal a record whose hash an
 *   outside canonicaliser refuses to reproduce;
 * - no key named after an inherited member (INHERITED_NAMES; a query's keys: QueryKeysGuard):
 *   class-validator looks fields up in a plain object of known ones, so these passed its
 *   unknown-field check as known, and class-transformer then dropped them: a misspelt command
 *   ran without a word.
 */
@Injectable()
export class BodyShapePipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' || value === undefined) return value;
    if (kindOf(value) !== 'object') {
      throw new BadRequestException({ code: 'VALIDATION_FAILED', message: `the body must be a JSON object, not ${kindOf(value)}`, details: { fields: {} } });
    }
    const { tooDeep, illFormedAt, inheritedAt } = survey(value as object);
    if (tooDeep) {
      throw new BadRequestException({ code: 'JSON_TOO_DEEP', message: `the body nests deeper than ${MAX_JSON_DEPTH} levels`, details: { maxDepth: MAX_JSON_DEPTH } });
    }
    if (illFormedAt !== null) {
      throw illFormedText(illFormedAt);
    }
    if (inheritedAt !== null) throw inheritedName(inheritedAt);
    return value;
  }
}
