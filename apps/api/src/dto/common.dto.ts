import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Max, MaxLength, Min, ValidateBy, ValidateIf, type ValidationArguments } from 'class-validator';
import type { Assignee } from '../../../../libs/domain/src/shared/assignee';
import { AGENT_ID_PATTERN, SLUG_PATTERN } from '../../../../libs/domain/src/shared/ids';
import { WholeNumber } from './whole-number';

export const SLUG = SLUG_PATTERN;

const AGENT_ID = AGENT_ID_PATTERN;

/** Required, and matching `pattern`, for an assignee of `kind`; absent (or null) for the other kind, never silently dropped. */
const OnlyForKind = (kind: AssigneeDto['kind'], pattern: RegExp) =>
  ValidateBy({
    name: 'onlyForKind',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) =>
        (args?.object as AssigneeDto).kind === kind ? typeof value === 'string' && pattern.test(value) : value === undefined || value === null,
      defaultMessage: (args?: ValidationArguments) =>
        (args?.object as AssigneeDto).kind === kind ? `${args?.property} must match ${pattern}` : `${args?.property} is only for ${kind} assignees`,
    },
  });

/**
 * May be left out, but not sent as null: `IsOptional` lets null through, and a null default
 * would be stored as one (or, in a change, read as "left out" without saying so).
 */
export const OptionalNotNull = () => ValidateIf((_o: object, value: unknown) => value !== undefined);

export class AssigneeDto {
  @ApiProperty({ enum: ['operator', 'agent'] }) @IsIn(['operator', 'agent']) kind!: 'operator' | 'agent';
  @ApiPropertyOptional({ pattern: SLUG.source, nullable: true, description: 'the operator: required when `kind` is `operator`; otherwise absent or null' })
  @OnlyForKind('operator', SLUG) slug?: string;
  @ApiPropertyOptional({ pattern: AGENT_ID.source, nullable: true, description: 'the agent: required when `kind` is `agent`; otherwise absent or null' })
  @OnlyForKind('agent', AGENT_ID) agentId?: string;
}

/** The validated DTO as the domain's Assignee: only the field its kind names. */
export const assigneeOf = (a: AssigneeDto): Assignee =>
  a.kind === 'operator' ? { kind: 'operator', slug: a.slug as string } : { kind: 'agent', agentId: a.agentId as string };

export class PageQueryDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(2000) cursor?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500 }) @OptionalNotNull() @WholeNumber() @Min(1) @Max(500) limit?: number;
}

export class ReasonDto {
  // Not blank: the domain refuses a blank reason (400 FIELD_REQUIRED), which the document says with a pattern.
  @ApiProperty({ maxLength: 2000, pattern: '\\S', description: 'not blank' }) @IsString() @MaxLength(2000) reason!: string;
}
