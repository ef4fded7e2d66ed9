import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ProcessorKind, ProcessorState } from '../../../../libs/application/src/operations/processor-state';

const KINDS: readonly ProcessorKind[] = ['projection', 'reactor'];
const STATES: readonly ProcessorState[] = ['running', 'catching_up', 'rebuilding', 'stopped', 'failing', 'refused'];

/** `RebuildView`: a rebuild asked for or under way. */
export class RebuildView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['requested', 'building'] }) state!: 'requested' | 'building';
  @ApiProperty({ type: String, nullable: true }) requestedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true }) generation!: number | null;
  @ApiProperty({ description: '0 to 1' }) progress!: number;
  @ApiProperty({ type: String, nullable: true }) position!: string | null;
  @ApiProperty({ type: String, nullable: true }) targetPosition!: string | null;
}

/** What `POST /admin/projections/:name/rebuild` answers (202): the rebuild, under the projection's own name. */
export class RequestedRebuildView extends RebuildView {
  @ApiProperty({ description: "the projection's name (the request may have named a read model it builds)" }) name!: string;
}

class FinishedRebuildView {
  @ApiProperty() requestId!: string;
  @ApiProperty() generation!: number;
  @ApiProperty() startedAt!: string;
  @ApiProperty() switchedAt!: string;
}

class ReportLagView {
  @ApiProperty({ description: "events of its types after its checkpoint (counted up to a cap)" }) events!: number;
  @ApiProperty({ description: '`events` is a lower bound' }) capped!: boolean;
  @ApiProperty() oldestUnprocessedMs!: number;
  @ApiProperty({ type: Number, nullable: true }) p50Ms!: number | null;
  @ApiProperty({ type: Number, nullable: true }) p99Ms!: number | null;
}

/** `ProcessorReport`: one projection or reactor. */
export class ProcessorReportView {
  @ApiProperty() name!: string;
  @ApiProperty({ enum: KINDS }) kind!: ProcessorKind;
  @ApiProperty({ enum: STATES }) state!: ProcessorState;
  @ApiProperty({ type: String, nullable: true }) checkpoint!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'the generation readers use (projections only)' }) generation!: number | null;
  @ApiProperty({ type: ReportLagView }) lag!: ReportLagView;
  @ApiProperty({ type: RebuildView, nullable: true }) rebuild!: RebuildView | null;
  @ApiProperty({ type: FinishedRebuildView, nullable: true }) lastRebuild!: FinishedRebuildView | null;
}

/** `GET /admin/projections`. */
export class ProjectionsReportView {
  @ApiProperty() headPosition!: string;
  @ApiProperty({ type: [ProcessorReportView] }) processors!: ProcessorReportView[];
}

class HealthLag {
  @ApiProperty() name!: string;
  @ApiProperty({ enum: KINDS }) kind!: ProcessorKind;
  @ApiProperty() events!: number;
  @ApiProperty() oldestUnprocessedMs!: number;
}

class HealthLagReport {
  @ApiProperty() maxLagMs!: number;
  @ApiProperty({ type: [HealthLag] }) processors!: HealthLag[];
}

class StoreProbe {
  @ApiProperty() ok!: boolean;
  @ApiPropertyOptional({ description: 'when not ok; withheld unless an admin or auditor asks' }) error?: string;
}

class EventStoreProbe extends StoreProbe {
  @ApiProperty({ type: String, nullable: true }) headPosition!: string | null;
}

/** `ProcessorStatus`: a processor this process runs. */
class ProcessorStatusView {
  @ApiProperty() name!: string;
  @ApiProperty() running!: boolean;
  @ApiProperty() position!: string;
  @ApiProperty() seenPosition!: string;
  @ApiProperty() caughtUp!: boolean;
  @ApiProperty({ type: Number, nullable: true }) lagP50Ms!: number | null;
  @ApiProperty({ type: Number, nullable: true }) lagP99Ms!: number | null;
  @ApiProperty() errors!: number;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
}

/** `ProcessorProgress`: a processor's stored checkpoint and lease, whichever worker runs it. */
class ProcessorProgressView {
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) checkpoint!: string | null;
  @ApiProperty({ type: String, nullable: true }) holder!: string | null;
  @ApiProperty({ type: String, nullable: true }) leaseExpiresAt!: string | null;
  @ApiProperty() refused!: boolean;
}

/** `GET /health`: the same report on 200 (ok) and 503 (unavailable or degraded). */
export class HealthReport {
  @ApiProperty({ enum: ['ok', 'degraded', 'unavailable'] }) status!: 'ok' | 'degraded' | 'unavailable';
  @ApiProperty({ description: 'the role this process runs (api, worker, all)' }) role!: string;
  @ApiPropertyOptional({ type: [String] }) stuckProcessors?: string[];
  @ApiPropertyOptional({ type: [String] }) laggingProcessors?: string[];
  @ApiPropertyOptional({ type: [String], description: 'processors no worker holds' }) unattended?: string[];
  @ApiProperty({ type: HealthLagReport }) lag!: HealthLagReport;
  @ApiProperty({ type: EventStoreProbe }) eventStore!: EventStoreProbe;
  @ApiProperty({ type: StoreProbe }) readStore!: StoreProbe;
  @ApiProperty({ type: StoreProbe, description: 'evidence kept outside the log: not ok for 10 s after a write failed, or until one succeeds' }) blobStore!: StoreProbe;
  @ApiProperty({ type: [ProcessorStatusView] }) processors!: ProcessorStatusView[];
  @ApiPropertyOptional({ type: [ProcessorProgressView], description: 'absent when the checkpoints cannot be read' }) checkpoints?: ProcessorProgressView[];
}
