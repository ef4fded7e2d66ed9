import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { MAX_MESSAGE_LENGTH, MESSAGE_KINDS, type MessageKind } from '../../../../libs/domain/src/thread/events';
import { MAX_MESSAGE_PAGE } from '../../../../libs/application/src/threads/handlers';
import { WholeNumber } from './whole-number';
import { OptionalNotNull } from './common.dto';

export class PostMessageDto {
  @ApiProperty({ enum: MESSAGE_KINDS }) @IsIn(MESSAGE_KINDS) kind!: MessageKind;
  @ApiProperty({ maxLength: MAX_MESSAGE_LENGTH }) @IsString() @Length(1, MAX_MESSAGE_LENGTH) body!: string;
}

export class MessagesQueryDto {
  @ApiPropertyOptional({ description: 'a message seq (exclusive) or an ISO-8601 time (inclusive: messages stored at that time come again; drop them by seq)' }) @OptionalNotNull() @IsString() @MaxLength(40) since?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_MESSAGE_PAGE }) @OptionalNotNull() @WholeNumber() @Min(1) @Max(MAX_MESSAGE_PAGE) limit?: number;
}
