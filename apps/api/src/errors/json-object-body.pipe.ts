import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';

const kindOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * A command's body is a JSON object, or absent when every field is optional. class-validator
 * checks an object's fields, so a string, number, boolean, null or array would pass as an
 * object with none of them, and the command would run on its defaults.
 */
@Injectable()
export class JsonObjectBodyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'body' && value !== undefined && kindOf(value) !== 'object') {
      throw new BadRequestException({ code: 'VALIDATION_FAILED', message: `the body must be a JSON object, not ${kindOf(value)}`, details: { fields: {} } });
    }
    return value;
  }
}
