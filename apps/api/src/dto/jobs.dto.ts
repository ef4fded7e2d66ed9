import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsString, Length, Matches, Max, MaxLength, Min, ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CREATABLE_PHASES, PHASES, RELATIONS, type CreatablePhase, type Relation } from '../../../../libs/domain/src/job/events';
import {
  COMMIT_POLICIES, CREATE_BRANCH_POLICIES, MAX_TIMEOUT_SECONDS, PERMISSION_POLICIES, PUSH_POLICIES, REASONING_LEVELS, REF_POLICIES,
} from '../../../../libs/domain/src/job/execution';
import { JOB_ID_PATTERN } from '../../../../libs/domain/src/shared/ids';
import { AssigneeDto, PageQueryDto, SLUG, OptionalNotNull } from './common.dto';
import { WholeNumber } from './whole-number';

const NAME = /^[A-Za-z0-9._:/@+-]{1,200}$/;
/** A git ref or branch name; `${job_id}` stands for the job's id. */
const GIT_NAME = /^[A-Za-z0-9._/${}@+-]{1,250}$/;

export class ExecutionHintsDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @Matches(NAME) workerType?: string;
  @ApiPropertyOptional({ enum: PERMISSION_POLICIES }) @OptionalNotNull() @IsIn(PERMISSION_POLICIES) permissionPolicy?: (typeof PERMISSION_POLICIES)[number];
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_TIMEOUT_SECONDS }) @OptionalNotNull() @IsInt() @Min(1) @Max(MAX_TIMEOUT_SECONDS) timeoutSeconds?: number;
}

export class GitSettingsDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @Matches(GIT_NAME) ref?: string;
  @ApiPropertyOptional({ enum: REF_POLICIES }) @OptionalNotNull() @IsIn(REF_POLICIES) refPolicy?: (typeof REF_POLICIES)[number];
  @ApiPropertyOptional({ example: 'agent/${job_id}' }) @OptionalNotNull() @IsString() @Matches(GIT_NAME) branch?: string;
  @ApiPropertyOptional({ enum: CREATE_BRANCH_POLICIES }) @OptionalNotNull() @IsIn(CREATE_BRANCH_POLICIES) createBranch?: (typeof CREATE_BRANCH_POLICIES)[number];
  @ApiPropertyOptional({ enum: COMMIT_POLICIES }) @OptionalNotNull() @IsIn(COMMIT_POLICIES) commit?: (typeof COMMIT_POLICIES)[number];
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @Length(1, 2000) commitMessage?: string;
  @ApiPropertyOptional({ enum: PUSH_POLICIES }) @OptionalNotNull() @IsIn(PUSH_POLICIES) push?: (typeof PUSH_POLICIES)[number];
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @Matches(NAME) remote?: string;
}

export class ExecutionDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @Matches(NAME) harness?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @Matches(NAME) profile?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @Matches(NAME) variant?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @Matches(NAME) model?: string;
  @ApiPropertyOptional({ enum: REASONING_LEVELS }) @OptionalNotNull() @IsIn(REASONING_LEVELS) reasoning?: (typeof REASONING_LEVELS)[number];
  @ApiPropertyOptional({ type: ExecutionHintsDto }) @OptionalNotNull() @IsObject() @ValidateNested() @Type(() => ExecutionHintsDto) hints?: ExecutionHintsDto;
  @ApiPropertyOptional({ type: GitSettingsDto }) @OptionalNotNull() @IsObject() @ValidateNested() @Type(() => GitSettingsDto) git?: GitSettingsDto;
}

/** The fields of a job as a caller (or a template) describes it. */
export class JobFieldsDto {
  @ApiPropertyOptional({ description: 'defaults to the first line of the description' }) @OptionalNotNull() @IsString() @MaxLength(200) title?: string;
  @ApiProperty() @IsString() @Length(1, 50_000) description!: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(50_000) acceptanceCriteria?: string;
  @ApiPropertyOptional({ minimum: 0, maximum: 4, default: 2 }) @OptionalNotNull() @IsInt() @Min(0) @Max(4) priority?: number;
  @ApiPropertyOptional({ enum: CREATABLE_PHASES, default: 'ready' }) @OptionalNotNull() @IsIn(CREATABLE_PHASES) phase?: CreatablePhase;
  @ApiPropertyOptional({ type: AssigneeDto }) @OptionalNotNull() @IsObject() @ValidateNested() @Type(() => AssigneeDto) assignee?: AssigneeDto;
  @ApiPropertyOptional({ description: "the project's default otherwise" }) @OptionalNotNull() @IsBoolean() reviewRequired?: boolean;
  @ApiPropertyOptional({ minimum: 1, maximum: 100 }) @OptionalNotNull() @IsInt() @Min(1) @Max(100) maxAttempts?: number;
  @ApiPropertyOptional({ type: ExecutionDto }) @OptionalNotNull() @IsObject() @ValidateNested() @Type(() => ExecutionDto) execution?: ExecutionDto;
  @ApiPropertyOptional({ description: "snapshot this surface's evidence policy when the job is made" }) @OptionalNotNull() @Matches(SLUG) surface?: string;
}

export class CreateJobDto extends JobFieldsDto {
  @ApiPropertyOptional({ description: 'create a child of this job ({parentId}.{n})' }) @OptionalNotNull() @Matches(JOB_ID_PATTERN) parentId?: string;
}

export class CreateChildJobDto extends JobFieldsDto {}

export class UpdateJobDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @Length(1, 200) title?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @Length(1, 50_000) description?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(50_000) acceptanceCriteria?: string;
  @ApiPropertyOptional({ minimum: 0, maximum: 4 }) @OptionalNotNull() @IsInt() @Min(0) @Max(4) priority?: number;
  @ApiPropertyOptional({ enum: CREATABLE_PHASES }) @OptionalNotNull() @IsIn(CREATABLE_PHASES) phase?: CreatablePhase;
  @ApiPropertyOptional({ type: AssigneeDto, nullable: true, description: 'null clears it' })
  @ValidateIf((o: UpdateJobDto) => o.assignee !== null && o.assignee !== undefined)
  @IsObject() @ValidateNested() @Type(() => AssigneeDto)
  assignee?: AssigneeDto | null;
}

export class AddDependencyDto {
  @ApiProperty() @Matches(JOB_ID_PATTERN) relatedJobId!: string;
  @ApiProperty({ enum: RELATIONS }) @IsIn(RELATIONS) relation!: Relation;
}

export class RemoveDependencyQueryDto {
  @ApiPropertyOptional({ enum: RELATIONS }) @OptionalNotNull() @IsIn(RELATIONS) relation?: Relation;
}

const EFFECTIVE_PHASES = [...PHASES, 'blocked', 'waiting'] as const;

export class JobListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PHASES }) @OptionalNotNull() @IsIn(PHASES) phase?: string;
  @ApiPropertyOptional({ enum: EFFECTIVE_PHASES }) @OptionalNotNull() @IsIn(EFFECTIVE_PHASES) effectivePhase?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 4 }) @OptionalNotNull() @WholeNumber() @Min(0) @Max(4) priority?: number;
  @ApiPropertyOptional({ example: 'agent:harness-7' }) @OptionalNotNull() @Matches(/^(operator:[a-z][a-z0-9-]{1,30}|agent:[A-Za-z0-9._:-]{1,100})$/) assignee?: string;
  @ApiPropertyOptional() @OptionalNotNull() @Matches(SLUG) surface?: string;
  @ApiPropertyOptional({ example: '1h', description: '90s, 30m, 1h, 2d or an ISO time' }) @OptionalNotNull() @IsString() @MaxLength(40) since?: string;
  @ApiPropertyOptional({ description: 'active with no heartbeat for longer than the lease' })
  @OptionalNotNull() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() stuck?: boolean;
  @ApiPropertyOptional({ description: 'text in title or description' }) @OptionalNotNull() @IsString() @Length(1, 200) q?: string;
}

export class TemplateChildDto extends JobFieldsDto {
  @ApiPropertyOptional({ type: () => [TemplateChildDto] })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => TemplateChildDto)
  children?: TemplateChildDto[];
}

export class DefineTemplateDto {
  @ApiProperty() @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ type: JobFieldsDto }) @IsObject() @ValidateNested() @Type(() => JobFieldsDto) job!: JobFieldsDto;
  @ApiPropertyOptional({ type: [TemplateChildDto] })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => TemplateChildDto)
  children?: TemplateChildDto[];
}

export class InstantiateTemplateDto {
  @ApiProperty({ example: 'proj' }) @Matches(SLUG) projectSlug!: string;
}
