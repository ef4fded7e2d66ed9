import { BadRequestException } from '@nestjs/common';

/**
 * `400 VALIDATION_FAILED` naming each refused field with its complaints, the answer every
 * validation gives: the message is the first field's first complaint unless one is given.
 */
export const fieldsRefused = (fields: Record<string, string[]>, message?: string): BadRequestException => {
  const first = Object.entries(fields)[0];
  return new BadRequestException({ code: 'VALIDATION_FAILED', message: message ?? (first ? `${first[0]}: ${first[1][0]}` : 'invalid input'), details: { fields } });
};
