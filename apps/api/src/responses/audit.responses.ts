import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ActorView, JsonProperty, OPEN_OBJECT } from './shared';

/** `AuditEvent`: a stored event as an auditor sees it, its metadata beside it; positions are decimal strings. */
export class AuditEventView {
  @ApiProperty() stream!: string;
  @ApiProperty() revision!: number;
  @ApiProperty() position!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty() type!: string;
  @JsonProperty("the event's data, as appended (its shape is the event type's)") data!: unknown;
  @ApiProperty({ type: ActorView }) actor!: ActorView;
  @ApiProperty() correlationId!: string;
  @ApiProperty() causationId!: string;
  @ApiProperty() commandId!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty() schemaVersion!: number;
  @ApiProperty() recordedAt!: string;
}

/** `GET /audit/streams/:stream`: raw events with metadata and revisions. */
export class AuditStreamPage {
  @ApiProperty() stream!: string;
  @ApiProperty({ description: '-1 for a stream with no events' }) lastRevision!: number;
  @ApiProperty({ type: [AuditEventView] }) events!: AuditEventView[];
  @ApiProperty({ type: Number, nullable: true, description: 'pass as `fromRevision` for the next page' }) nextRevision!: number | null;
}

/** `GET /audit/jobs/:id/events`: the job stream with its log, record and signal streams, in global order. */
export class JobAuditPage {
  @ApiProperty() jobId!: string;
  @ApiProperty({ type: [String] }) streams!: string[];
  @ApiProperty({ type: [AuditEventView] }) events!: AuditEventView[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as `after` for the next page' }) nextAfter!: string | null;
}

class StateEventView {
  @ApiProperty() type!: string;
  @ApiProperty() position!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty({ type: ActorView }) actor!: ActorView;
}

/** `GET /audit/jobs/:id/state?revision=n`: the job decider's state folded up to that revision. */
export class JobStateAtView {
  @ApiProperty() jobId!: string;
  @ApiProperty() revision!: number;
  @ApiProperty() lastRevision!: number;
  @ApiProperty({ type: StateEventView, description: 'the event at that revision' }) event!: StateEventView;
  @ApiProperty({ ...OPEN_OBJECT, description: "the decider's state (libs/domain/src/job/state.ts)" }) state!: Record<string, unknown>;
}

export class CheckView {
  @ApiProperty() name!: string;
  @ApiProperty() ok!: boolean;
  @ApiProperty() detail!: string;
}

/** `GET /audit/records/:id/verify`: the record's hash, evidence and chain link checked again. */
export class RecordVerification {
  @ApiProperty() recordId!: string;
  @ApiPropertyOptional({ description: 'absent when the record is gone from the log or its shape is broken' }) jobId?: string;
  @ApiPropertyOptional() projectSlug?: string;
  @ApiProperty({ description: 'something was checked and every check held' }) valid!: boolean;
  @ApiProperty({ type: [CheckView] }) checks!: CheckView[];
}

/** `LedgerDigest`: what an auditor keeps outside the system. */
export class LedgerDigestView {
  @ApiProperty() project!: string;
  @ApiProperty() recordCount!: number;
  @ApiProperty({ type: String, nullable: true, description: 'the last record\'s contentHash; null with no records' }) headHash!: string | null;
}

/** `GET /audit/ledger/:project/records`: a page of the project's chain, as RecordSealed events. */
export class LedgerRecordsPage {
  @ApiProperty() project!: string;
  @ApiProperty() recordCount!: number;
  @ApiProperty() from!: number;
  @ApiProperty({ type: [AuditEventView] }) records!: AuditEventView[];
  @ApiProperty({ type: Number, nullable: true, description: 'pass as `from` for the next page' }) next!: number | null;
}

class KeptDigest {
  @ApiProperty() recordCount!: number;
  @ApiProperty({ type: String, nullable: true, description: 'null when recordCount is 0' }) headHash!: string | null;
}

/** `GET /audit/ledger/:project/verify`: does today's chain still extend the digest kept? */
export class LedgerVerification {
  @ApiProperty() project!: string;
  @ApiProperty({ type: KeptDigest, description: 'the digest asked about' }) digest!: KeptDigest;
  @ApiProperty({ type: LedgerDigestView }) today!: LedgerDigestView;
  @ApiProperty() valid!: boolean;
  @ApiProperty({ type: [CheckView] }) checks!: CheckView[];
}
