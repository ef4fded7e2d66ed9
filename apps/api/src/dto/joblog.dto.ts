import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { LOG_LEVELS, LOG_LIMITS, type LogLevel } from '../../../../libs/domain/src/joblog/events';
import type { Json } from '../../../../libs/domain/src/shared/json';
import { MAX_LOG_PAGE } from '../../../../libs/application/src/joblog/handlers';
import { WholeNumber } from './whole-number';
import { JsonProperty } from '../responses/shared';
import { OptionalNotNull } from './common.dto';
import { ServiceEventId } from './execution.dto';

export class AttemptParamsDto {
  @ApiProperty({ description: 'job id', maxLength: 100 }) @IsString() @MaxLength(100) id!: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 1_000_000, description: 'attempt number, from 1' }) @WholeNumber() @Min(1) @Max(1_000_000) n!: number;
}

export class LogEntryDto {
  @ApiProperty({ enum: LOG_LEVELS }) @IsIn(LOG_LEVELS) level!: LogLevel;
  @ApiProperty() @IsString() @Length(1, LOG_LIMITS.maxMessageLength) message!: string;
  @JsonProperty(`any JSON, at most ${LOG_LIMITS.maxPayloadBytes} bytes`, { required: false, nullable: true }) @Allow() requestPayload?: Json;
  @JsonProperty(`any JSON, at most ${LOG_LIMITS.maxPayloadBytes} bytes`, { required: false, nullable: true }) @Allow() responsePayload?: Json;
}

export class AppendLogsDto {
  @ApiProperty() @ServiceEventId() serviceEventId!: string;
  @ApiProperty({ type: [LogEntryDto], maxItems: LOG_LIMITS.maxEntries })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(LOG_LIMITS.maxEntries) @ValidateNested({ each: true }) @Type(() => LogEntryDto)
  entries!: LogEntryDto[];
}

export class LogPageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'the `seq` of the last entry already read (exclusive)' })
  @OptionalNotNull() @WholeNumber() @Min(0) after?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_LOG_PAGE }) @OptionalNotNull() @WholeNumber() @Min(1) @Max(MAX_LOG_PAGE) limit?: number;
}
