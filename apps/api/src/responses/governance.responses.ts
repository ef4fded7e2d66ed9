import { ApiProperty } from '@nestjs/swagger';
import { RESOLUTIONS, type Resolution } from '../../../../libs/domain/src/job/events';
import type { RequestStatus } from '../../../../projections/requests';
import type { TaskState } from '../../../../projections/tasks';
import { AssigneeView, CustomerView, PageOf } from './shared';

const REQUEST_STATUSES: readonly RequestStatus[] = ['submitted', 'withdrawn', 'in_review', 'approved', 'declined', 'scheduled', 'in_progress', 'completed', 'cancelled'];
const TASK_STATES: readonly TaskState[] = ['open', 'approved', 'declined', 'converted'];

/** The `requests` read model: a request's status as its requester sees it. */
export class RequestView {
  @ApiProperty() requestId!: string;
  @ApiProperty() projectSlug!: string;
  @ApiProperty() surface!: string;
  @ApiProperty() tier!: string;
  @ApiProperty({ type: CustomerView }) customer!: CustomerView;
  @ApiProperty() details!: string;
  @ApiProperty() notes!: string;
  @ApiProperty({ description: 'who submitted it (the token\'s subject)' }) requester!: string;
  @ApiProperty({ enum: REQUEST_STATUSES }) status!: RequestStatus;
  @ApiProperty({ enum: RESOLUTIONS, nullable: true }) resolution!: Resolution | null;
  @ApiProperty({ type: String, nullable: true }) taskId!: string | null;
  @ApiProperty({ type: String, nullable: true }) jobId!: string | null;
  @ApiProperty() submittedAt!: string;
  @ApiProperty() updatedAt!: string;
}

class ApprovalView {
  @ApiProperty() comment!: string;
  @ApiProperty() approvedAt!: string;
  @ApiProperty() approvedBy!: string;
}

class TaskRequestView {
  @ApiProperty({ type: CustomerView }) customer!: CustomerView;
  @ApiProperty() details!: string;
  @ApiProperty() notes!: string;
}

/** The `tasks` read model: a row of the governance queue and of a Task Inbox. */
export class TaskView {
  @ApiProperty() taskId!: string;
  @ApiProperty() requestId!: string;
  @ApiProperty() projectSlug!: string;
  @ApiProperty() surface!: string;
  @ApiProperty() tier!: string;
  @ApiProperty() summary!: string;
  @ApiProperty() intakeNotes!: string;
  @ApiProperty({ enum: TASK_STATES }) state!: TaskState;
  @ApiProperty({ type: ApprovalView, nullable: true }) approval!: ApprovalView | null;
  @ApiProperty({ type: String, nullable: true }) declineReason!: string | null;
  @ApiProperty({ type: AssigneeView, nullable: true }) assignee!: AssigneeView | null;
  @ApiProperty({ type: String, nullable: true }) assigneeKey!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'set once Create Job was crossed' }) jobId!: string | null;
  @ApiProperty({ type: TaskRequestView, nullable: true }) request!: TaskRequestView | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class TaskPage extends PageOf(TaskView, 'TaskPage') {}
