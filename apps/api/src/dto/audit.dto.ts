import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches, Max, Min, ValidateBy, ValidateIf } from 'class-validator';
import { JOB_EVENTS_PAGE } from '../../../../libs/application/src/audit/queries';
import { WholeNumber } from './whole-number';
import { OptionalNotNull } from './common.dto';

export class StreamPageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 0 }) @OptionalNotNull() @WholeNumber() @Min(0) fromRevision?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 100 }) @OptionalNotNull() @WholeNumber() @Min(1) @Max(1000) limit?: number;
}

export class JobEventsPageQueryDto {
  @ApiPropertyOptional({ description: 'a global position (decimal): the page starts after it; `nextAfter` of the page before' })
  @OptionalNotNull() @Matches(/^\d{1,20}$/, { message: 'after must be a global position (decimal digits)' }) after?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: JOB_EVENTS_PAGE, default: JOB_EVENTS_PAGE }) @OptionalNotNull() @WholeNumber() @Min(1) @Max(JOB_EVENTS_PAGE) limit?: number;
}

export class StateAtQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'fold the job stream up to this revision, inclusive (default: the latest)' })
  @OptionalNotNull() @WholeNumber() @Min(0) revision?: number;
}

export class LedgerRecordsQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, default: 1, description: '1-based place in sealing order' }) @OptionalNotNull() @WholeNumber() @Min(1) from?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 100 }) @OptionalNotNull() @WholeNumber() @Min(1) @Max(1000) limit?: number;
}

/**
 * A digest as `GET …/digest` gives it. A project with no records yet has `{ recordCount: 0,
 * headHash: null }`: sent back as `count=0` with no headHash (an empty one is taken as none).
 */
export class LedgerDigestQueryDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'recordCount of the digest kept' }) @WholeNumber() @Min(0) count!: number;
  @ApiPropertyOptional({ description: 'headHash of the digest kept (64 lowercase hex); none when count is 0' })
  @ValidateIf((q: LedgerDigestQueryDto) => q.count !== 0 || (q.headHash ?? '') !== '')
  @Matches(/^[0-9a-f]{64}$/, { message: 'headHash must be 64 lowercase hex digits' })
  @ValidateBy({
    name: 'noHeadOfAnEmptyChain',
    validator: { validate: (_v, args) => (args?.object as LedgerDigestQueryDto).count !== 0, defaultMessage: () => 'headHash must be absent when count is 0: a chain of no records has no head' },
  })
  headHash?: string;
}
