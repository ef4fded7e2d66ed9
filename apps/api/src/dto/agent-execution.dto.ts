import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsString, Length, MaxLength, Min } from 'class-validator';
import type { JsonObject } from '../../../../libs/domain/src/shared/json';
import { ServiceEventDto } from './execution.dto';
import { WholeNumber } from './whole-number';
import { OptionalNotNull } from './common.dto';

/**
 * A worker's result: its raw output (the LAST fenced ```json-result block is applied) or the
 * block's JSON itself. Exactly one of the two: the handler says so with `RESULT_BODY_INVALID`,
 * whether neither or both came, so each is checked here only as itself.
 */
export class ResultDto extends ServiceEventDto {
  @ApiPropertyOptional({ description: 'raw harness output holding a ```json-result block' })
  @OptionalNotNull() @IsString() @Length(1, 900_000)
  output?: string;

  @ApiPropertyOptional({ description: 'the json-result object: { eve: { status } | status, summary?, reason?, git? }' })
  @OptionalNotNull() @IsObject()
  resultJson?: JsonObject;
}

export class SubmitDto extends ServiceEventDto {
  @ApiProperty() @IsString() @Length(1, 10_000) summary!: string;
}

export class ApproveDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(2000) comment?: string;
}

/** Reject, close, cancel: a reason is required. */
export class RequiredReasonDto {
  @ApiProperty() @IsString() @Length(1, 2000) reason!: string;
}

export class ResultQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1 }) @OptionalNotNull() @WholeNumber() @Min(1) attempt?: number;
}
