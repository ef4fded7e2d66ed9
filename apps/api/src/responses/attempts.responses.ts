import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PHASES, RESOLUTIONS, SERVICE_EVENT_STATUSES, type Phase, type Resolution, type ServiceEventStatus } from '../../../../libs/domain/src/job/events';
import { LOG_LEVELS, type LogLevel } from '../../../../libs/domain/src/joblog/events';
import { AttemptView } from './jobs.responses';
import { JsonProperty, OPEN_OBJECT } from './shared';

/** `GET /jobs/:id/attempts`: the job's ServiceEvents, oldest first, with its attempt budget. */
export class AttemptsView {
  @ApiProperty() jobId!: string;
  @ApiProperty() attemptsUsed!: number;
  @ApiProperty() maxAttempts!: number;
  @ApiProperty({ type: [AttemptView] }) items!: AttemptView[];
}

/** `GET /jobs/:id/result`: one ended attempt's outcome, and where the job stands now. */
export class ResultView {
  @ApiProperty() jobId!: string;
  @ApiProperty() attemptNumber!: number;
  @ApiProperty() serviceEventId!: string;
  @ApiProperty({ enum: SERVICE_EVENT_STATUSES }) status!: ServiceEventStatus;
  @ApiProperty({ type: String, nullable: true }) summary!: string | null;
  @ApiProperty({ type: String, nullable: true }) resultSummary!: string | null;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @JsonProperty('the structured result (the json-result block)', { nullable: true }) result!: unknown;
  @ApiProperty({ type: String, nullable: true }) endedAt!: string | null;
  @ApiProperty({ enum: PHASES }) phase!: Phase;
  @ApiProperty({ enum: RESOLUTIONS, nullable: true }) resolution!: Resolution | null;
  @ApiProperty({ ...OPEN_OBJECT, nullable: true }) resolvedGit!: Record<string, unknown> | null;
}

/** `LogLine`: one log line of an attempt; `seq` is the cursor (`after`). */
export class LogLineView {
  @ApiProperty() seq!: number;
  @ApiProperty({ enum: LOG_LEVELS }) level!: LogLevel;
  @ApiProperty() message!: string;
  @JsonProperty('what the harness sent', { required: false }) requestPayload?: unknown;
  @JsonProperty('what came back', { required: false }) responsePayload?: unknown;
  @ApiPropertyOptional() agentId?: string;
  @ApiProperty() at!: string;
}

export class LogPage {
  @ApiProperty() jobId!: string;
  @ApiProperty() attemptNumber!: number;
  @ApiProperty({ type: [LogLineView] }) entries!: LogLineView[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as `after` for the next page' }) nextCursor!: string | null;
}
