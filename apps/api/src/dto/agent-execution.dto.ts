import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length, MaxLength, Min, ValidateIf } from 'class-validator';
import type { JsonObject } from '../../../../libs/domain/src/shared/json';
import { ServiceEventDto } from './execution.dto';
import { WholeNumber } from './whole-number';

/**
 * A worker's result: its raw output (the LAST fenced ```json-result block is applied) or the
 * block's JSON itself. Exactly one of the two.
 */
export class ResultDto extends ServiceEventDto {
  @ApiPropertyOptional({ description: 'raw harness output holding a ```json-result block' })
  @ValidateIf((o: ResultDto) => o.resultJson === undefined || o.output !== undefined) @IsString() @Length(1, 900_000)
  output?: string;

  @ApiPropertyOptional({ description: 'the json-result object: { eve: { status } | status, summary?, reason?, git? }' })
  @ValidateIf((o: ResultDto) => o.output === undefined) @IsObject()
  resultJson?: JsonObject;
}

export class SubmitDto extends ServiceEventDto {
  @ApiProperty() @IsString() @Length(1, 10_000) summary!: string;
}

export class ApproveDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

/** Reject, close, cancel: a reason is required. */
export class RequiredReasonDto {
  @ApiProperty() @IsString() @Length(1, 2000) reason!: string;
}

export class ResultQueryDto {
  @ApiPropertyOptional({ minimum: 1 }) @IsOptional() @WholeNumber() @Min(1) attempt?: number;
}
