import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { fieldsRefused } from './fields-refused';
import { fieldPath } from '../../../../libs/domain/src/shared/json-bounds';
import { rememberValidationMetadata } from './validation-metadata';

/**
 * A field's messages with its type checks (`isInt`, `isString`, …) first: class-validator lists
 * constraints in reverse order of their decorators, and "must not be greater than 500" says
 * nothing useful about `abc`.
 */
const messagesOf = (constraints: Record<string, string>): string[] =>
  Object.entries(constraints)
    .sort(([a], [b]) => Number(!a.startsWith('is')) - Number(!b.startsWith('is')))
    .map(([, message]) => message);

const flatten = (errors: ValidationError[], prefix = ''): Record<string, string[]> =>
  Object.assign(
    {},
    ...errors.map((e) => {
      const path = fieldPath(prefix, e.property);
      return { ...(e.constraints && { [path]: messagesOf(e.constraints) }), ...flatten(e.children ?? [], path) };
    }),
  );

/** class-validator on every body and query: unknown fields are refused, messages kept per field. */
export const validationPipe = () => {
  rememberValidationMetadata();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => fieldsRefused(flatten(errors)),
  });
};
