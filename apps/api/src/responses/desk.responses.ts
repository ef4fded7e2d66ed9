import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SERVICE_EVENT_STATUSES, type ServiceEventStatus } from '../../../../libs/domain/src/job/events';
import { ACCESS_STATES, type AccessState } from '../../../../libs/domain/src/operator/events';
import { CustomerView } from './shared';

/** `ReadyEntry`: a job the operator can claim now. */
export class ReadyEntryView {
  @ApiProperty() jobId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() priority!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) surface!: string | null;
  @ApiProperty({ type: String, nullable: true }) tier!: string | null;
  @ApiProperty({ type: CustomerView, nullable: true }) customer!: CustomerView | null;
  @ApiProperty({ type: String, nullable: true }) deferUntil!: string | null;
}

/** `ActiveJob`: a job the operator holds, with its attempt. */
export class ActiveJobView {
  @ApiProperty() jobId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() serviceEventId!: string;
  @ApiProperty() attemptNumber!: number;
  @ApiProperty({ enum: SERVICE_EVENT_STATUSES }) status!: ServiceEventStatus;
  @ApiProperty() claimedAt!: string;
  @ApiProperty({ type: String, nullable: true }) startedAt!: string | null;
}

export class CompletionView {
  @ApiProperty() jobId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() completedAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null until the record is sealed' }) recordId!: string | null;
}

export class TrustSignalCount {
  @ApiProperty() count!: number;
  @ApiProperty({ enum: ['none', 'present'] }) state!: 'none' | 'present';
}

/** The Desk (SPEC §4 `desks`): what the operator can claim now, what is active, recent completions, ⭐. */
export class DeskView {
  @ApiProperty() operator!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ enum: ACCESS_STATES }) accessState!: AccessState;
  @ApiProperty({ type: [ReadyEntryView], description: 'priority, then first in first out' }) readyToClaim!: ReadyEntryView[];
  @ApiProperty({ type: ActiveJobView, nullable: true, description: 'the first of activeJobs' }) activeJob!: ActiveJobView | null;
  @ApiProperty({ type: [ActiveJobView], description: 'latest claimed first' }) activeJobs!: ActiveJobView[];
  @ApiProperty({ type: [CompletionView], description: 'the last five, newest first' }) recentCompletions!: CompletionView[];
  @ApiProperty({ type: TrustSignalCount }) trustSignals!: TrustSignalCount;
  @ApiPropertyOptional({ description: 'absent until the desk read model has the operator' }) createdAt?: string;
  @ApiPropertyOptional() updatedAt?: string;
}
