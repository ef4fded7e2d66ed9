import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/**
 * For a command whose body carries nothing: none, or `{}`. A field sent to it is refused as an
 * unknown field is on every other route, so a caller who believes it set a title or a priority
 * learns that it did not. BodyShapePipe, a global pipe, has already refused what is not an object.
 */
@Injectable()
export class EmptyBodyPipe implements PipeTransform {
  transform(value: unknown): undefined {
    const fields = value === undefined ? [] : Object.keys(value as object);
    if (fields.length === 0) return undefined;
    const messages = Object.fromEntries(fields.map((field) => [field, [`property ${field} should not exist`]]));
    throw new BadRequestException({ code: 'VALIDATION_FAILED', message: `${fields[0]}: property ${fields[0]} should not exist`, details: { fields: messages } });
  }
}
