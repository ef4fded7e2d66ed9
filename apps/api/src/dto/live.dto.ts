import { ApiPropertyOptional } from '@nestjs/swagger';
import { Max, Min } from 'class-validator';
import { WholeNumber } from './whole-number';
import { OptionalNotNull } from './common.dto';

export const POSITION_PATTERN = /^\d{1,19}$/;
export const DEFAULT_WAIT_SECONDS = 300;
export const MAX_WAIT_SECONDS = 86_400;

export class StreamQueryDto {
  @ApiPropertyOptional({ type: String, description: 'resume after this event position (as the `Last-Event-ID` header does, for clients that cannot set it)' })
  // Any value, repeated or long included, is checked where the header's is (400 INVALID_LAST_EVENT_ID for both), not here.
  @OptionalNotNull() lastEventId?: string | string[];
}

export class WaitQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_WAIT_SECONDS, default: DEFAULT_WAIT_SECONDS, description: 'seconds to wait before the final `timeout` event' })
  @OptionalNotNull() @WholeNumber() @Min(0) @Max(MAX_WAIT_SECONDS) timeout?: number;
}
