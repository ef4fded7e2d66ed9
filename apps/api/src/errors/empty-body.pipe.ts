import { Injectable, type PipeTransform } from '@nestjs/common';
import { fieldsRefused } from './fields-refused';

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
    throw fieldsRefused(Object.fromEntries(fields.map((field) => [field, [`property ${field} should not exist`]])));
  }
}
