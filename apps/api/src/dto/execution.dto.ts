import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { Transform, Type } from 'class-transformer';
import { Allow, IsBoolean, IsIn, IsNumber, IsObject, IsString, IsUUID, Length, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { PAYMENT_STATES, type PaymentState } from '../../../../libs/domain/src/job/events';
import { EVIDENCE_CATEGORY_PATTERN } from '../../../../libs/domain/src/shared/guards';
import type { Json } from '../../../../libs/domain/src/shared/json';
import { JsonProperty } from '../responses/shared';
import { OptionalNotNull } from './common.dto';

export class ClaimDto {
  @ApiPropertyOptional({ description: '"Claim & start": also start the ServiceEvent' }) @OptionalNotNull() @IsBoolean() start?: boolean;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(100) harness?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(200) sessionId?: string;
}

/**
 * A ServiceEvent id as the server writes it, in lower case: a UUID is the same in either case
 * (RFC 9562), and a client that writes it in upper case (Swift's `uuidString`) would otherwise be
 * fenced out of its own attempt with 409 STALE_SERVICE_EVENT.
 */
export const ServiceEventId = (): PropertyDecorator => (target, property) => {
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value))(target, property);
  IsUUID()(target, property);
};

/** Every execution command names its ServiceEvent: the claim's fencing token. */
export class ServiceEventDto {
  @ApiProperty() @ServiceEventId() serviceEventId!: string;
}

export class PaymentDto {
  @ApiProperty({ enum: PAYMENT_STATES }) @IsIn(PAYMENT_STATES) state!: PaymentState;
  @ApiPropertyOptional() @OptionalNotNull() @IsNumber() @Min(0) amount?: number;
  @ApiPropertyOptional() @OptionalNotNull() @Matches(/^[A-Z]{3}$/) currency?: string;
}

export class OutcomeDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(10_000) notes?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(10_000) issues?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(10_000) recommendations?: string;
}

export class CompleteDto extends ServiceEventDto {
  @ApiPropertyOptional({ type: PaymentDto }) @OptionalNotNull() @IsObject() @ValidateNested() @Type(() => PaymentDto) payment?: PaymentDto;
  @ApiPropertyOptional({ type: OutcomeDto }) @OptionalNotNull() @IsObject() @ValidateNested() @Type(() => OutcomeDto) outcome?: OutcomeDto;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(10_000) summary?: string;
  @JsonProperty('any JSON', { required: false, nullable: true }) @Allow() result?: Json;
}

export class FailDto extends ServiceEventDto {
  @ApiProperty() @IsString() @Length(1, 2000) reason!: string;
  @JsonProperty('any JSON', { required: false, nullable: true }) @Allow() result?: Json;
}

export class ReleaseDto extends ServiceEventDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(2000) reason?: string;
}

/** The non-file fields of the multipart evidence upload, validated like any body. */
export class EvidenceFieldsDto extends ServiceEventDto {
  @ApiProperty({ pattern: EVIDENCE_CATEGORY_PATTERN.source }) @IsString() @Matches(EVIDENCE_CATEGORY_PATTERN) category!: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @OptionalNotNull() @IsString() @MaxLength(2000) note?: string;
}

/** The multipart form `POST /jobs/:id/evidence` reads (`readEvidenceUpload`): these fields and exactly one file. */
export const EVIDENCE_FORM: SchemaObject = {
  type: 'object',
  required: ['serviceEventId', 'category', 'file'],
  properties: {
    serviceEventId: { type: 'string', format: 'uuid' },
    category: { type: 'string', pattern: EVIDENCE_CATEGORY_PATTERN.source },
    note: { type: 'string', maxLength: 2000 },
    file: { type: 'string', format: 'binary', description: 'non-empty; JPEG, PNG, GIF, WebP, HEIC/HEIF or PDF, as its first bytes say (the declared type is not trusted)' },
  },
};
