import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SealingRule } from '../../../../libs/domain/src/record/sealing-rule';
import { MESSAGE_KINDS, type MessageKind } from '../../../../libs/domain/src/thread/events';
import { OutcomeDto } from '../dto/execution.dto';
import { PaymentView } from './jobs.responses';
import { ActorView, AssigneeView, CustomerView, JsonProperty } from './shared';

class RecordEvidenceView {
  @ApiProperty() evidenceId!: string;
  @ApiProperty() category!: string;
  @ApiProperty() sha256!: string;
}

/** The `records` read model: a sealed record (`RecordSealed`'s data), when and where it was sealed. */
export class RecordView {
  @ApiProperty() recordId!: string;
  @ApiProperty() jobId!: string;
  @ApiProperty({ type: String, nullable: true }) serviceEventId!: string | null;
  @ApiProperty() projectSlug!: string;
  @ApiProperty({ type: AssigneeView, nullable: true }) executor!: AssigneeView | null;
  @ApiProperty({ type: String, nullable: true }) surface!: string | null;
  @ApiProperty({ type: String, nullable: true }) tier!: string | null;
  @ApiProperty({ type: CustomerView, nullable: true }) customer!: CustomerView | null;
  @ApiProperty({ type: [RecordEvidenceView] }) evidence!: RecordEvidenceView[];
  @ApiProperty({ type: PaymentView, nullable: true }) payment!: PaymentView | null;
  @ApiProperty({ type: OutcomeDto, nullable: true }) outcome!: OutcomeDto | null;
  @JsonProperty('the structured result of an agent attempt', { nullable: true }) result!: unknown;
  @ApiProperty({ type: String, nullable: true }) startedAt!: string | null;
  @ApiProperty() completedAt!: string;
  @ApiProperty({ description: 'sealed by an admin override' }) forced!: boolean;
  @ApiProperty() jobStreamRevision!: number;
  @ApiPropertyOptional({ type: Number, enum: [1, 2, 3], description: 'the rule it was sealed by; absent on rule 1 records' }) sealingRule?: SealingRule;
  @ApiProperty({ type: String, nullable: true, description: "the project chain's previous record" }) previousRecordHash!: string | null;
  @ApiProperty() contentHash!: string;
  @ApiProperty() sealedAt!: string;
  @ApiProperty({ description: 'log position of RecordSealed' }) position!: string;
}

/** The `threads` read model: a thread without its messages. */
export class ThreadView {
  @ApiProperty() threadId!: string;
  @ApiProperty({ example: 'coord:job:agents-1a2b3c4d' }) key!: string;
  @ApiProperty({ type: String, nullable: true }) jobId!: string | null;
  @ApiProperty({ type: String, nullable: true }) projectSlug!: string | null;
  @ApiProperty() messageCount!: number;
  @ApiProperty({ type: String, nullable: true }) lastMessageAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class MessageAuthorView extends ActorView {
  @ApiPropertyOptional({ description: 'the agent an agent\'s token acts as' }) agent?: string;
}

export class MessageView {
  @ApiProperty() seq!: number;
  @ApiProperty({ enum: MESSAGE_KINDS }) kind!: MessageKind;
  @ApiProperty() body!: string;
  @ApiProperty({ type: MessageAuthorView }) author!: MessageAuthorView;
  @ApiProperty() postedAt!: string;
}

export class MessagesPage {
  @ApiProperty({ type: ThreadView }) thread!: ThreadView;
  @ApiProperty({ type: [MessageView] }) messages!: MessageView[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as `since` for the next page' }) nextCursor!: string | null;
}
