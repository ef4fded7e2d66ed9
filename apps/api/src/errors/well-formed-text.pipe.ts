import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';

/** A surrogate half without its other half: JSON's `\ud800` escape can say it, UTF-8 cannot. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first key or string holding one, or null. Depth is bounded by JsonDepthPipe, which runs first. */
const firstIllFormed = (value: unknown, path: string): string | null => {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path || '(body)' : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, inner] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (LONE_SURROGATE.test(key)) return at;
    const found = firstIllFormed(inner, at);
    if (found) return found;
  }
  return null;
};

/**
 * Text in a body must be well-formed Unicode. Records are hashed over RFC 8785 canonical JSON,
 * whose input is I-JSON (RFC 7493), which has no lone surrogates: one stored in an event would
 * seal a record whose hash an outside canonicaliser refuses to reproduce.
 */
@Injectable()
export class WellFormedTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const at = metadata.type === 'body' ? firstIllFormed(value, '') : null;
    if (at !== null) {
      throw new BadRequestException({ code: 'VALIDATION_FAILED', message: `${at}: text must be well-formed Unicode (a lone surrogate such as \\ud800 is not)`, details: { fields: { [at]: ['text must be well-formed Unicode'] } } });
    }
    return value;
  }
}
