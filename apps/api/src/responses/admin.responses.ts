import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PHASES } from '../../../../libs/domain/src/job/events';
import { EFFECTIVE_PHASES, JobView } from './jobs.responses';
import { RecordView, ThreadView } from './records.responses';
import { AssigneeView, PageOf } from './shared';

/** A job as Jobs Management lists it: the job, and whether it is stuck (active, no heartbeat for longer than the lease). */
export class AdminJobView extends JobView {
  @ApiProperty() stuck!: boolean;
}

export class AdminJobPage extends PageOf(AdminJobView, 'AdminJobPage') {}

/** One job as an admin needs it: the job, its record, its threads, its log size. */
export class AdminJobDetail {
  @ApiProperty({ type: AdminJobView }) job!: AdminJobView;
  @ApiProperty({ type: RecordView, nullable: true }) record!: RecordView | null;
  @ApiProperty({ type: ThreadView, nullable: true, description: 'the thread of its children' }) thread!: ThreadView | null;
  @ApiProperty({ type: ThreadView, nullable: true, description: "its parent's thread" }) parentThread!: ThreadView | null;
  @ApiProperty() logLines!: number;
}

/** A count per value, every value named (a zero is a count too). */
const counts = (keys: readonly string[]) => ({ type: 'object' as const, additionalProperties: { type: 'integer' }, description: `one count for each of ${keys.join(', ')}` });

class JobCounts {
  @ApiProperty() total!: number;
  @ApiProperty(counts(PHASES)) byPhase!: Record<string, number>;
  @ApiProperty(counts(EFFECTIVE_PHASES)) byEffectivePhase!: Record<string, number>;
}

class DayCount {
  @ApiProperty({ example: '2026-01-31' }) date!: string;
  @ApiProperty() count!: number;
}

class EvidenceCompliance {
  @ApiProperty() records!: number;
  @ApiProperty() compliant!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'compliant / records; null with no records' }) rate!: number | null;
}

/** SPEC §4 metrics of one scope (a project, or all of them). */
export class ScopeMetrics {
  @ApiProperty({ enum: ['global', 'project'] }) scope!: 'global' | 'project';
  @ApiProperty({ type: String, nullable: true }) projectSlug!: string | null;
  @ApiProperty({ type: JobCounts }) jobs!: JobCounts;
  @ApiProperty({ type: [DayCount] }) completedPerDay!: DayCount[];
  @ApiProperty({ type: Number, nullable: true }) medianClaimToCompleteSeconds!: number | null;
  @ApiProperty({ type: EvidenceCompliance }) evidenceCompliance!: EvidenceCompliance;
  @ApiProperty() forcedCompletions!: number;
  @ApiProperty() signals!: number;
}

/** `GET /admin/metrics`: one project's scope with `?project=`; else the global one with a page of projects. */
export class MetricsView extends ScopeMetrics {
  @ApiPropertyOptional({ type: [ScopeMetrics], description: 'global scope only' }) projects?: ScopeMetrics[];
  @ApiPropertyOptional({ type: String, nullable: true, description: 'global scope only' }) nextCursor?: string | null;
}

/** An earner's ⭐ (the `trust_signals` read model). */
export class TrustSignalSummary {
  @ApiProperty({ type: AssigneeView }) earner!: AssigneeView;
  @ApiProperty() count!: number;
  @ApiProperty({ enum: ['none', 'present'] }) state!: 'none' | 'present';
  @ApiProperty({ type: String, nullable: true }) latestAt!: string | null;
}

export class TrustSignalSummaryPage extends PageOf(TrustSignalSummary, 'TrustSignalSummaryPage') {}

class SignalEntryView {
  @ApiProperty() signalId!: string;
  @ApiProperty() recordId!: string;
  @ApiProperty() jobId!: string;
  @ApiProperty() emittedAt!: string;
}

/** One earner's count and a page of its signals, newest first. */
export class TrustSignalsView extends TrustSignalSummary {
  @ApiProperty({ type: [SignalEntryView] }) signals!: SignalEntryView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
