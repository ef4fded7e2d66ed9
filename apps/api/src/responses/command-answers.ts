import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RELATIONS, type Relation } from '../../../../libs/domain/src/job/events';
import { ACCESS_STATES, type AccessState } from '../../../../libs/domain/src/operator/events';
import { MESSAGE_KINDS, type MessageKind } from '../../../../libs/domain/src/thread/events';
import { SURFACE_KINDS, type SurfaceKind } from '../../../../libs/domain/src/surface/events';
import { ProjectDefaultsView } from './administration.responses';
import { AssigneeView, CommandAnswer, OPEN_OBJECT } from './shared';

/** The answers of governance and administration commands, and of the commands that shape jobs (SPEC §5). */

export class RequestSubmitted extends CommandAnswer {
  @ApiProperty() requestId!: string;
}

export class RequestWithdrawn extends CommandAnswer {
  @ApiProperty() requestId!: string;
  @ApiProperty({ enum: ['withdrawn'] }) status!: 'withdrawn';
}

export class RequestIntaken extends CommandAnswer {
  @ApiProperty() requestId!: string;
  @ApiProperty({ description: 'the task opened for it' }) taskId!: string;
}

export class TaskApproved extends CommandAnswer {
  @ApiProperty() taskId!: string;
  @ApiProperty({ description: 'always true' }) approved!: boolean;
}

export class TaskDeclined extends CommandAnswer {
  @ApiProperty() taskId!: string;
  @ApiProperty({ enum: ['declined'] }) state!: 'declined';
}

export class TaskAssigned extends CommandAnswer {
  @ApiProperty() taskId!: string;
  @ApiProperty({ type: AssigneeView }) assignee!: AssigneeView;
}

export class JobFromTask extends CommandAnswer {
  @ApiProperty() taskId!: string;
  @ApiProperty() jobId!: string;
}

/** Register and change access: where the operator's access stands. */
export class OperatorAccess extends CommandAnswer {
  @ApiProperty() slug!: string;
  @ApiProperty({ enum: ACCESS_STATES }) accessState!: AccessState;
}

export class SurfaceDefined extends CommandAnswer {
  @ApiProperty() key!: string;
  @ApiPropertyOptional({ type: [String], description: 'the policy in force (absent only if the surface was not defined after all)' }) requiredEvidence?: string[];
  @ApiPropertyOptional({ type: [String] }) allowedEvidence?: string[];
}

export class SurfacePolicyChanged extends CommandAnswer {
  @ApiProperty() key!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: SURFACE_KINDS }) kind!: SurfaceKind;
  @ApiProperty({ type: [String] }) requiredEvidence!: string[];
  @ApiProperty({ type: [String] }) allowedEvidence!: string[];
}

export class ProjectCreated extends CommandAnswer {
  @ApiProperty() slug!: string;
  @ApiProperty({ type: ProjectDefaultsView }) defaults!: ProjectDefaultsView;
}

export class ProjectDefaultsChanged extends ProjectCreated {
  @ApiProperty() name!: string;
}

/** A job made (in a project, as a child, from a task's Create Job): its id, and its parent's. */
export class JobCreatedAnswer extends CommandAnswer {
  @ApiProperty() jobId!: string;
  @ApiProperty({ type: String, nullable: true }) parentId!: string | null;
}

export class JobUpdatedAnswer extends CommandAnswer {
  @ApiProperty() jobId!: string;
  @ApiProperty({ ...OPEN_OBJECT, description: 'the fields that changed, with their new values ({} when none did)' }) changes!: Record<string, unknown>;
}

class StoredRelation {
  @ApiProperty({ description: 'the job it is stored on (`blocks` is stored as `blocked_by` on the other job)' }) jobId!: string;
  @ApiProperty() relatedJobId!: string;
  @ApiProperty({ enum: RELATIONS }) relation!: Relation;
}

export class DependencyAdded extends CommandAnswer {
  @ApiProperty() jobId!: string;
  @ApiProperty() relatedJobId!: string;
  @ApiProperty({ enum: RELATIONS }) relation!: Relation;
  @ApiProperty({ type: StoredRelation }) stored!: StoredRelation;
}

export class DependencyRemoved extends CommandAnswer {
  @ApiProperty() jobId!: string;
  @ApiProperty() relatedJobId!: string;
  @ApiProperty({ enum: RELATIONS, isArray: true, description: 'the relations removed (none: nothing was there)' }) removed!: Relation[];
}

export class TemplateDefinedAnswer extends CommandAnswer {
  @ApiProperty() templateId!: string;
  @ApiProperty() name!: string;
}

class MadeJob {
  @ApiProperty() jobId!: string;
  @ApiProperty({ type: String, nullable: true }) parentId!: string | null;
}

export class TemplateInstantiated extends CommandAnswer {
  @ApiProperty() templateId!: string;
  @ApiProperty({ description: 'the root job' }) jobId!: string;
  @ApiProperty({ type: [MadeJob], description: 'every job made, the root first' }) jobs!: MadeJob[];
}

export class MessagePosted extends CommandAnswer {
  @ApiProperty() threadId!: string;
  @ApiProperty() seq!: number;
  @ApiProperty({ enum: MESSAGE_KINDS }) kind!: MessageKind;
  @ApiProperty() postedAt!: string;
}
