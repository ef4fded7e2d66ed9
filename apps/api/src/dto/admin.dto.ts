import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsObject, IsString, Length, Matches, Max, MaxLength, Min, Validate, ValidateIf, ValidateNested,
  ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface,
} from 'class-validator';
import { ADMIN_ACTIONS } from '../../../../libs/application/src/admin/commands';
import { PHASES } from '../../../../libs/domain/src/job/events';
import { JOB_ID_PATTERN } from '../../../../libs/domain/src/shared/ids';
import { AssigneeDto, PageQueryDto, ReasonDto, SLUG, OptionalNotNull } from './common.dto';
import { WholeNumber } from './whole-number';

export const MAX_BATCH_JOBS = 100;

const EFFECTIVE_PHASES = [...PHASES, 'blocked', 'waiting'];

export class ReassignDto extends ReasonDto {
  @ApiProperty({ type: AssigneeDto }) @IsObject() @ValidateNested() @Type(() => AssigneeDto) to!: AssigneeDto;
}

/** `to` names whom a reassign gives the jobs to; any other action would ignore it, so it is refused there. */
@ValidatorConstraint({ name: 'onlyForReassign' })
class OnlyForReassign implements ValidatorConstraintInterface {
  validate(_: unknown, args: ValidationArguments): boolean {
    return (args.object as BatchDto).action === 'reassign';
  }
  defaultMessage(): string {
    return 'to is read only by the reassign action';
  }
}

export class BatchDto {
  @ApiProperty({ enum: ADMIN_ACTIONS }) @IsIn(ADMIN_ACTIONS) action!: (typeof ADMIN_ACTIONS)[number];
  @ApiProperty({ type: [String], maxItems: MAX_BATCH_JOBS })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_BATCH_JOBS) @ArrayUnique() @Matches(JOB_ID_PATTERN, { each: true }) jobIds!: string[];
  // Checked here, not only by each job's decider: a blank reason fails every job alike, so the
  // batch as a whole is the bad input (400), not a 200 listing the same refusal for each job.
  @ApiProperty() @IsString() @MaxLength(2000) @Matches(/\S/, { message: 'reason is required' }) reason!: string;
  @ApiPropertyOptional({ type: AssigneeDto, description: 'required for reassign' })
  @ValidateIf((o: BatchDto) => o.action === 'reassign' || o.to !== undefined) @Validate(OnlyForReassign) @IsObject() @ValidateNested() @Type(() => AssigneeDto) to?: AssigneeDto;
}

export class AdminJobsQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @OptionalNotNull() @Matches(SLUG) project?: string;
  @ApiPropertyOptional({ enum: PHASES }) @OptionalNotNull() @IsIn(PHASES) phase?: string;
  @ApiPropertyOptional({ enum: EFFECTIVE_PHASES }) @OptionalNotNull() @IsIn(EFFECTIVE_PHASES) effectivePhase?: string;
  @ApiPropertyOptional({ description: '`operator:<slug>` or `agent:<id>`' }) @OptionalNotNull() @Matches(/^(operator|agent):[A-Za-z0-9._:-]{1,100}$/) assignee?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 4 }) @OptionalNotNull() @WholeNumber() @Min(0) @Max(4) priority?: number;
  @ApiPropertyOptional() @OptionalNotNull() @Matches(JOB_ID_PATTERN) parentId?: string;
  @ApiPropertyOptional() @OptionalNotNull() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() stuck?: boolean;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @Length(1, 200) q?: string;
}

/** `cursor` and `limit` page the global answer's `projects` list (a project's own answer has none). */
export class MetricsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'one project\'s figures (then not with cursor or limit, which page the list of projects)' }) @OptionalNotNull() @Matches(SLUG) project?: string;
}
