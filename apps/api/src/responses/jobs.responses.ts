import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PAYMENT_STATES, PHASES, RELATIONS, RESOLUTIONS, SERVICE_EVENT_STATUSES, type Phase, type Relation, type Resolution, type ServiceEventStatus } from '../../../../libs/domain/src/job/events';
import type { EffectivePhase } from '../../../../projections/jobs';
import { OutcomeDto } from '../dto/execution.dto';
import { ExecutionDto } from '../dto/jobs.dto';
import { AssigneeView, CustomerView, JsonProperty, OPEN_OBJECT, PageOf } from './shared';

export const EFFECTIVE_PHASES = [...PHASES, 'blocked', 'waiting'] as const;

/** `EvidenceEntry` of the jobs read model. */
export class EvidenceView {
  @ApiProperty() evidenceId!: string;
  @ApiProperty() category!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty() sha256!: string;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty() capturedAt!: string;
}

export class PaymentView {
  @ApiProperty({ enum: PAYMENT_STATES }) state!: (typeof PAYMENT_STATES)[number];
  @ApiPropertyOptional() amount?: number;
  @ApiPropertyOptional() currency?: string;
}

/** `AttemptEntry`: one ServiceEvent as the Jobs surface lists it. */
export class AttemptView {
  @ApiProperty() serviceEventId!: string;
  @ApiProperty() attemptNumber!: number;
  @ApiProperty({ enum: SERVICE_EVENT_STATUSES }) status!: ServiceEventStatus;
  @ApiProperty({ type: AssigneeView }) claimant!: AssigneeView;
  @ApiProperty() claimedAt!: string;
  @ApiProperty({ type: String, nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) endedAt!: string | null;
  @ApiProperty() leaseExpiresAt!: string;
  @ApiProperty({ type: String, nullable: true }) deadlineAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) harness!: string | null;
  @ApiProperty({ type: String, nullable: true }) sessionId!: string | null;
  @ApiProperty({ type: [EvidenceView] }) evidence!: EvidenceView[];
  @ApiProperty({ type: PaymentView, nullable: true }) payment!: PaymentView | null;
  @ApiProperty({ type: OutcomeDto, nullable: true }) outcome!: OutcomeDto | null;
  @ApiProperty({ type: String, nullable: true }) summary!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "the json-result block's summary" }) resultSummary!: string | null;
  @JsonProperty('the structured result the attempt reported', { nullable: true }) result!: unknown;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
}

export class RelationEntryView {
  @ApiProperty() jobId!: string;
  @ApiProperty({ enum: RELATIONS }) relation!: Relation;
}

class JobRelationsView {
  @ApiProperty({ type: [RelationEntryView] }) dependencies!: RelationEntryView[];
  @ApiProperty({ type: [RelationEntryView] }) dependents!: RelationEntryView[];
}

class OriginView {
  @ApiProperty() requestId!: string;
  @ApiProperty() taskId!: string;
}

class IntakeView {
  @ApiProperty() details!: string;
  @ApiProperty() notes!: string;
  @ApiProperty() intakeNotes!: string;
}

class EvidenceStatusView {
  @ApiProperty() category!: string;
  @ApiProperty() satisfied!: boolean;
}

class SignalRefView {
  @ApiProperty() signalId!: string;
  @ApiProperty() recordId!: string;
  @ApiProperty({ type: AssigneeView }) earner!: AssigneeView;
  @ApiProperty() emittedAt!: string;
}

/** `PresentedJob`: the jobs read model's document as the API shows it (SPEC §4 `jobs`). */
export class JobView {
  @ApiProperty() jobId!: string;
  @ApiProperty() projectSlug!: string;
  @ApiProperty({ type: String, nullable: true }) parentId!: string | null;
  @ApiProperty() depth!: number;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: String, nullable: true }) acceptanceCriteria!: string | null;
  @ApiProperty({ type: OriginView, nullable: true, description: 'the request and task a governed job came from' }) origin!: OriginView | null;
  @ApiProperty({ type: IntakeView, nullable: true }) intake!: IntakeView | null;
  @ApiProperty({ type: String, nullable: true }) surface!: string | null;
  @ApiProperty({ type: String, nullable: true }) tier!: string | null;
  @ApiProperty({ type: CustomerView, nullable: true }) customer!: CustomerView | null;
  @ApiProperty({ type: [String] }) requiredEvidence!: string[];
  @ApiProperty({ type: [String] }) allowedEvidence!: string[];
  @ApiProperty({ type: ExecutionDto, nullable: true }) execution!: ExecutionDto | null;
  @ApiProperty({ enum: PHASES }) phase!: Phase;
  @ApiProperty({ enum: RESOLUTIONS, nullable: true }) resolution!: Resolution | null;
  @ApiProperty({ type: AssigneeView, nullable: true }) assignee!: AssigneeView | null;
  @ApiProperty({ minimum: 0, maximum: 4 }) priority!: number;
  @ApiProperty() attemptsUsed!: number;
  @ApiProperty() maxAttempts!: number;
  @ApiProperty() reviewRequired!: boolean;
  @ApiProperty({ type: String, nullable: true }) deferUntil!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'operator:ana' }) assigneeKey!: string | null;
  @ApiProperty() blocked!: boolean;
  @ApiProperty() waiting!: boolean;
  @ApiProperty({ enum: EFFECTIVE_PHASES }) effectivePhase!: EffectivePhase;
  @ApiProperty({ description: 'on the ready queue (ready, not blocked, attempts left)' }) claimable!: boolean;
  @ApiProperty({ description: 'deferUntil, or the epoch when not deferred' }) claimableFrom!: string;
  @ApiProperty({ ...OPEN_OBJECT, nullable: true, description: 'the git state the latest successful attempt reported' }) resolvedGit!: Record<string, unknown> | null;
  @ApiProperty({ type: [AttemptView] }) attempts!: AttemptView[];
  @ApiProperty({ type: String, nullable: true }) currentServiceEventId!: string | null;
  @ApiProperty({ type: [EvidenceStatusView] }) evidenceStatus!: EvidenceStatusView[];
  @ApiProperty({ type: [String] }) children!: string[];
  @ApiProperty({ type: JobRelationsView }) relations!: JobRelationsView;
  @ApiProperty({ type: String, nullable: true }) latestRejectionReason!: string | null;
  @ApiProperty({ type: String, nullable: true }) recordId!: string | null;
  @ApiProperty({ type: SignalRefView, nullable: true }) signal!: SignalRefView | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty() lastActivityAt!: string;
}

export class JobPage extends PageOf(JobView, 'JobPage') {}

/** `summaryOf`: a neighbour job; only `jobId` when the caller may not see it. */
export class JobSummaryView {
  @ApiProperty() jobId!: string;
  @ApiPropertyOptional() title?: string;
  @ApiPropertyOptional({ enum: PHASES }) phase?: Phase;
  @ApiPropertyOptional({ enum: EFFECTIVE_PHASES }) effectivePhase?: EffectivePhase;
  @ApiPropertyOptional({ enum: RESOLUTIONS, nullable: true }) resolution?: Resolution | null;
  @ApiPropertyOptional() priority?: number;
  @ApiPropertyOptional({ type: AssigneeView, nullable: true }) assignee?: AssigneeView | null;
}

/** `relationsOf`: a relation with the related job's summary. */
export class RelatedJobView extends JobSummaryView {
  @ApiProperty({ enum: RELATIONS }) relation!: Relation;
  @ApiPropertyOptional({ description: 'the related job is done or cancelled; absent for a job the caller may not see' }) resolved?: boolean;
}

class ContextRelationsView {
  @ApiProperty({ type: [RelatedJobView] }) dependencies!: RelatedJobView[];
  @ApiProperty({ type: [RelatedJobView] }) dependents!: RelatedJobView[];
  @ApiProperty({ type: [RelatedJobView], description: 'unresolved blocked_by: what holds a claim now' }) blocking!: RelatedJobView[];
}

/** `GET /jobs/:id/context` (SPEC §5). */
export class JobContextView {
  @ApiProperty({ type: JobView }) job!: JobView;
  @ApiProperty({ type: JobSummaryView, nullable: true }) parent!: JobSummaryView | null;
  @ApiProperty({ type: [JobSummaryView] }) children!: JobSummaryView[];
  @ApiProperty({ type: ContextRelationsView }) relations!: ContextRelationsView;
  @ApiProperty({ type: AttemptView, nullable: true }) latestAttempt!: AttemptView | null;
  @ApiProperty({ type: String, nullable: true }) latestRejectionReason!: string | null;
  @ApiProperty() blocked!: boolean;
  @ApiProperty() waiting!: boolean;
  @ApiProperty({ enum: EFFECTIVE_PHASES }) effectivePhase!: EffectivePhase;
}

/** `GET /jobs/:id/tree`: a job's summary with its children's, down to the deepest. */
export class JobTreeView extends JobSummaryView {
  @ApiPropertyOptional() depth?: number;
  @ApiPropertyOptional({ type: String, nullable: true }) parentId?: string | null;
  @ApiProperty({ type: () => [JobTreeView] }) children!: JobTreeView[];
}

export class JobDependenciesView {
  @ApiProperty() jobId!: string;
  @ApiProperty() blocked!: boolean;
  @ApiProperty({ type: [RelatedJobView] }) dependencies!: RelatedJobView[];
  @ApiProperty({ type: [RelatedJobView] }) dependents!: RelatedJobView[];
}
