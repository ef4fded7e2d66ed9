import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { AssigneeDto, PageQueryDto, SLUG, OptionalNotNull } from './common.dto';

export class CustomerDto {
  @ApiProperty() @IsString() @Length(1, 200) name!: string;
  @ApiProperty() @IsString() @Length(1, 200) contact!: string;
}

export class SubmitRequestDto {
  @ApiProperty({ example: 'detailing' }) @Matches(SLUG) projectSlug!: string;
  @ApiProperty({ example: 'auto-detailing' }) @Matches(SLUG) surface!: string;
  @ApiProperty({ example: 'premium' }) @IsString() @Length(1, 50) tier!: string;
  @ApiProperty({ type: CustomerDto }) @IsObject() @ValidateNested() @Type(() => CustomerDto) customer!: CustomerDto;
  @ApiProperty() @IsString() @Length(1, 10_000) details!: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(10_000) notes?: string;
}

export class IntakeDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(200) summary?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(10_000) intakeNotes?: string;
}

export class ApproveTaskDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(2000) comment?: string;
}

export class AssignTaskDto {
  @ApiProperty({ type: AssigneeDto }) @IsObject() @ValidateNested() @Type(() => AssigneeDto) assignee!: AssigneeDto;
}

export class ListTasksQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'the slug of the operator a task is assigned to (a bare slug, not `operator:<slug>` as the job lists take)', pattern: SLUG.source, example: 'ana' })
  @OptionalNotNull() @Matches(SLUG) assignee?: string;
  @ApiPropertyOptional({ enum: ['open', 'approved', 'declined', 'converted'] }) @OptionalNotNull() @IsIn(['open', 'approved', 'declined', 'converted']) state?: string;
}
