import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { SLUG_PATTERN } from '../../../../libs/domain/src/shared/ids';

export const SLUG = SLUG_PATTERN;

export class AssigneeDto {
  @IsIn(['operator', 'agent']) kind!: 'operator' | 'agent';
  @ValidateIf((o: AssigneeDto) => o.kind === 'operator') @Matches(SLUG) slug?: string;
  @ValidateIf((o: AssigneeDto) => o.kind === 'agent') @IsString() @Matches(/^[A-Za-z0-9._:-]{1,100}$/) agentId?: string;
}

export class PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

export class ReasonDto {
  @IsString() @MaxLength(2000) reason!: string;
}
