import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { rememberValidationMetadata } from './validation-metadata';

const flatten = (errors: ValidationError[], prefix = ''): Record<string, string[]> =>
  Object.assign(
    {},
    ...errors.map((e) => {
      const path = prefix ? `${prefix}.${e.property}` : e.property;
      return { ...(e.constraints && { [path]: Object.values(e.constraints) }), ...flatten(e.children ?? [], path) };
    }),
  );

/** class-validator on every body and query: unknown fields are refused, messages kept per field. */
export const validationPipe = () => {
  rememberValidationMetadata();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      const first = Object.entries(fields)[0];
      return new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: first ? `${first[0]}: ${first[1][0]}` : 'invalid input',
        details: { fields },
      });
    },
  });
};
