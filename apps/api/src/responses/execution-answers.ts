import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PHASES, RESOLUTIONS, SERVICE_EVENT_STATUSES, type Phase, type Resolution, type ServiceEventStatus } from '../../../../libs/domain/src/job/events';
import { ADMIN_ACTIONS, type AdminAction } from '../../../../libs/application/src/admin/commands';
import { ExecutionDto } from '../dto/jobs.dto';
import { ApiErrorDetail } from '../http/api-docs';
import { AssigneeView, CommandAnswer } from './shared';

/**
 * The answers of execution, review and admin override commands. Fields read from the events a
 * command appended are required: the decider emits them or refuses the command.
 */

class OnServiceEvent extends CommandAnswer {
  @ApiProperty() jobId!: string;
  @ApiProperty() serviceEventId!: string;
}

/** `POST /jobs/:id/claim`: the new ServiceEvent (attempt), queued or, with `start`, in progress. */
export class ClaimAnswer extends OnServiceEvent {
  @ApiProperty() attemptNumber!: number;
  @ApiProperty() leaseExpiresAt!: string;
  @ApiPropertyOptional({ description: 'when the job has a deadline' }) deadlineAt?: string;
  @ApiProperty({ enum: ['queued', 'in_progress'] }) status!: 'queued' | 'in_progress';
  @ApiPropertyOptional({ description: 'when started with the claim' }) startedAt?: string;
}

/** What a worker needs of the job it was given. */
class ClaimedJob {
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: String, nullable: true }) acceptanceCriteria!: string | null;
  @ApiProperty() priority!: number;
  @ApiProperty({ type: String, nullable: true }) parentId!: string | null;
  @ApiProperty({ type: ExecutionDto, nullable: true }) execution!: ExecutionDto | null;
}

/** `POST /projects/:slug/jobs/claim-next` (201): the claim of the queue's head, with the job. */
export class ClaimNextAnswer extends ClaimAnswer {
  @ApiProperty({ type: ClaimedJob }) job!: ClaimedJob;
}

export class ServiceEventStarted extends OnServiceEvent {
  @ApiProperty({ enum: ['in_progress'] }) status!: 'in_progress';
  @ApiProperty() startedAt!: string;
}

export class LeaseExtended extends OnServiceEvent {
  @ApiProperty() leaseExpiresAt!: string;
}

export class EvidenceCapturedAnswer extends OnServiceEvent {
  @ApiProperty() evidenceId!: string;
  @ApiProperty() category!: string;
  @ApiProperty({ description: 'of the bytes stored' }) sha256!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty({ description: 'sniffed from the bytes' }) contentType!: string;
}

export class ServiceEventCompletedAnswer extends OnServiceEvent {
  @ApiProperty({ enum: ['completed'] }) status!: 'completed';
  @ApiProperty({ enum: PHASES, description: '`review` when the job requires review, else `done`' }) phase!: Phase;
  @ApiProperty({ type: String, nullable: true, description: 'the record sealed for it; null while the job awaits review' }) recordId!: string | null;
}

export class ServiceEventFailedAnswer extends OnServiceEvent {
  @ApiProperty({ enum: ['failed'] }) status!: 'failed';
  @ApiProperty({ enum: PHASES, description: '`ready` while attempts are left, else `done` (failed)' }) phase!: Phase;
  @ApiProperty({ enum: RESOLUTIONS, nullable: true }) resolution!: Resolution | null;
}

export class JobReleasedAnswer extends OnServiceEvent {
  @ApiProperty({ enum: ['released'] }) status!: 'released';
  @ApiProperty({ enum: PHASES, nullable: true }) phase!: Phase | null;
}

/** `POST /jobs/:id/result` and `/submit`: how the attempt ended, where the job went. */
export class AttemptEnded extends OnServiceEvent {
  @ApiProperty({ enum: SERVICE_EVENT_STATUSES, nullable: true }) status!: ServiceEventStatus | null;
  @ApiProperty({ enum: PHASES }) phase!: Phase;
  @ApiProperty({ enum: RESOLUTIONS, nullable: true }) resolution!: Resolution | null;
}

export class ResultRecorded extends AttemptEnded {
  @ApiPropertyOptional({ type: String, nullable: true, description: 'a `waiting` result: when the job may be claimed again' }) deferUntil?: string | null;
  @ApiPropertyOptional({ description: 'a `failed` result: why' }) reason?: string;
  @ApiProperty({ type: String, nullable: true, description: 'the record sealed when the job is done' }) recordId!: string | null;
}

/** Approve, reject, close, cancel: where the job stands now. */
export class JobDecided extends CommandAnswer {
  @ApiProperty() jobId!: string;
  @ApiProperty({ enum: PHASES }) phase!: Phase;
  @ApiProperty({ enum: RESOLUTIONS, nullable: true }) resolution!: Resolution | null;
}

export class JobApprovedAnswer extends JobDecided {
  @ApiProperty({ type: String, nullable: true, description: "the reviewed attempt's record" }) recordId!: string | null;
}

export class JobRejectedAnswer extends JobDecided {
  @ApiProperty({ type: String, nullable: true }) latestRejectionReason!: string | null;
}

export class LogsAppended extends CommandAnswer {
  @ApiProperty() jobId!: string;
  @ApiProperty() attemptNumber!: number;
  @ApiProperty() serviceEventId!: string;
  @ApiProperty({ description: 'lines appended' }) appended!: number;
}

/** An admin override on one job (`answerOf`): where the job stands after it. */
export class AdminActionAnswer extends CommandAnswer {
  @ApiProperty() jobId!: string;
  @ApiProperty({ enum: ADMIN_ACTIONS }) action!: AdminAction['action'];
  @ApiProperty({ enum: PHASES }) phase!: Phase;
  @ApiProperty({ enum: RESOLUTIONS, nullable: true }) resolution!: Resolution | null;
  @ApiProperty({ type: AssigneeView, nullable: true }) assignee!: AssigneeView | null;
}

/** One job of a batch: `ok` with the override's result, or not with the error it got. */
class BatchResultView {
  @ApiProperty() ok!: boolean;
  @ApiProperty() jobId!: string;
  @ApiPropertyOptional({ enum: ADMIN_ACTIONS, description: 'when ok' }) action?: AdminAction['action'];
  @ApiPropertyOptional({ enum: PHASES }) phase?: Phase;
  @ApiPropertyOptional({ enum: RESOLUTIONS, nullable: true }) resolution?: Resolution | null;
  @ApiPropertyOptional({ type: AssigneeView, nullable: true }) assignee?: AssigneeView | null;
  @ApiPropertyOptional({ type: ApiErrorDetail, description: 'when not ok: the error the job got alone' }) error?: ApiErrorDetail;
}

export class BatchAnswer extends CommandAnswer {
  @ApiProperty({ enum: ADMIN_ACTIONS }) action!: AdminAction['action'];
  @ApiProperty() succeeded!: number;
  @ApiProperty() failed!: number;
  @ApiProperty({ type: [BatchResultView] }) results!: BatchResultView[];
}
