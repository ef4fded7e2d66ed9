import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsString, Length, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { ACCESS_STATES, type AccessState } from '../../../../libs/domain/src/operator/events';
import { EVIDENCE_CATEGORY_PATTERN } from '../../../../libs/domain/src/shared/guards';
import { SURFACE_KINDS, type SurfaceKind } from '../../../../libs/domain/src/surface/events';
import { OptionalNotNull, SLUG } from './common.dto';
import { GitSettingsDto } from './jobs.dto';
import { WholeNumber } from './whole-number';

export class RegisterOperatorDto {
  @ApiProperty({ example: 'ana' }) @Matches(SLUG) slug!: string;
  @ApiProperty() @IsString() @Length(1, 200) name!: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() canGovern?: boolean;
}

export class ChangeAccessDto {
  @ApiProperty({ enum: ACCESS_STATES }) @IsIn(ACCESS_STATES) state!: AccessState;
  @ApiProperty() @IsString() @Length(1, 2000) reason!: string;
}

export class DefineSurfaceDto {
  @ApiProperty({ example: 'auto-detailing' }) @Matches(SLUG) key!: string;
  @ApiProperty() @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ enum: SURFACE_KINDS }) @IsIn(SURFACE_KINDS) kind!: SurfaceKind;
  @ApiProperty({ example: ['arrival', 'before', 'after'] }) @IsArray() @ArrayMaxSize(50) @Matches(EVIDENCE_CATEGORY_PATTERN, { each: true }) requiredEvidence!: string[];
  @ApiPropertyOptional() @OptionalNotNull() @IsArray() @ArrayMaxSize(50) @Matches(EVIDENCE_CATEGORY_PATTERN, { each: true }) allowedEvidence?: string[];
}

export class ProjectDefaultsDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() reviewRequired?: boolean;
  @ApiPropertyOptional({ minimum: 1, maximum: 100 }) @OptionalNotNull() @IsInt() @Min(1) @Max(100) maxAttempts?: number;
  @ApiPropertyOptional({ type: GitSettingsDto, description: 'what jobs fall back to, key by key; a change replaces it as a whole' })
  @OptionalNotNull() @IsObject() @ValidateNested() @Type(() => GitSettingsDto) git?: GitSettingsDto;
}

export class CreateProjectDto {
  @ApiProperty({ example: 'detailing' }) @Matches(SLUG) slug!: string;
  @ApiProperty() @IsString() @Length(1, 200) name!: string;
  @ApiPropertyOptional({ type: ProjectDefaultsDto }) @OptionalNotNull() @IsObject() @ValidateNested() @Type(() => ProjectDefaultsDto) defaults?: ProjectDefaultsDto;
}

/** `PATCH /surfaces/:key`: a list left out keeps the one in force; required categories are always allowed. */
export class ChangeSurfacePolicyDto {
  @ApiPropertyOptional({ example: ['arrival', 'before', 'after', 'signature'] })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(50) @Matches(EVIDENCE_CATEGORY_PATTERN, { each: true }) requiredEvidence?: string[];
  @ApiPropertyOptional({ example: ['notes'] })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(50) @Matches(EVIDENCE_CATEGORY_PATTERN, { each: true }) allowedEvidence?: string[];
}

/** `PATCH /projects/:slug`: the defaults left out keep their value. */
export class ChangeProjectDefaultsDto {
  @ApiPropertyOptional({ type: ProjectDefaultsDto })
  @OptionalNotNull() @IsObject() @ValidateNested() @Type(() => ProjectDefaultsDto) defaults?: ProjectDefaultsDto;
}

export class OperatorJobsQueryDto {
  // Empty is no job id: refused, not read as "no ?job=" (the whole list).
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MinLength(1) @MaxLength(100) job?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(2000) cursor?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500 }) @OptionalNotNull() @WholeNumber() @Min(1) @Max(500) limit?: number;
}
