import type {
  Execution, JobCreated, Outcome, Payment, Phase, Relation, ServiceEventStatus,
} from '../../libs/domain/src/job/events';
import type { Customer } from '../../libs/domain/src/request/events';
import type { Assignee } from '../../libs/domain/src/shared/assignee';
import type { Json, JsonObject } from '../../libs/domain/src/shared/json';
import { streams } from '../../libs/domain/src/shared/streams';
import type { RecordedEvent } from '../../libs/eventstore/src/port';
import type { Recorded } from '../shared/events';
import { NOT_DEFERRED } from '../desks/document';
import { lifecycleOf, type Lifecycle } from '../shared/lifecycle';
import { changedAt, positionOf, touched } from '../shared/position';

export const JOBS = 'jobs';

export type EvidenceEntry = {
  readonly evidenceId: string;
  readonly category: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly note: string | null;
  readonly capturedAt: string;
};

/** One ServiceEvent (attempt) as the Jobs surface lists it. */
export type AttemptEntry = {
  readonly serviceEventId: string;
  readonly attemptNumber: number;
  readonly status: ServiceEventStatus;
  readonly claimant: Assignee;
  readonly claimedAt: string;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly leaseExpiresAt: string;
  readonly deadlineAt: string | null;
  readonly harness: string | null;
  readonly sessionId: string | null;
  readonly evidence: readonly EvidenceEntry[];
  readonly payment: Payment | null;
  readonly outcome: Outcome | null;
  readonly summary: string | null;
  readonly resultSummary: string | null;
  readonly result: Json;
  readonly reason: string | null;
};

export type RelationEntry = { readonly jobId: string; readonly relation: Relation };
export type EffectivePhase = Phase | 'blocked' | 'waiting';

/** The `jobs` document: what the Jobs surface and `GET /jobs/:id/context` show. */
export type JobDoc = Lifecycle & {
  readonly _id: string;
  readonly jobId: string;
  readonly projectSlug: string;
  readonly parentId: string | null;
  readonly depth: number;
  readonly title: string;
  readonly description: string;
  readonly acceptanceCriteria: string | null;
  readonly origin: { readonly requestId: string; readonly taskId: string } | null;
  readonly intake: { readonly details: string; readonly notes: string; readonly intakeNotes: string } | null;
  readonly surface: string | null;
  readonly tier: string | null;
  readonly customer: Customer | null;
  readonly requiredEvidence: readonly string[];
  readonly allowedEvidence: readonly string[];
  readonly execution: Execution | null;
  /** `operator:<slug>` / `agent:<id>`: one indexable value for "jobs of this assignee". */
  readonly assigneeKey: string | null;
  readonly blocked: boolean;
  readonly waiting: boolean;
  readonly effectivePhase: EffectivePhase;
  /** On the ready queue: ready, not blocked, attempt budget left (the time part is `claimableFrom`). */
  readonly claimable: boolean;
  /** `deferUntil`, or `NOT_DEFERRED`: the ready queue keeps `claimableFrom <= now`. */
  readonly claimableFrom: string;
  /** The git state (`ref`, `branch`, `commit`, `pushed`…) the latest successful attempt reported. */
  readonly resolvedGit: JsonObject | null;
  readonly attempts: readonly AttemptEntry[];
  readonly currentServiceEventId: string | null;
  readonly evidenceStatus: readonly { readonly category: string; readonly satisfied: boolean }[];
  /**
   * Whether the job requires evidence: only operators capture it, so claim-next leaves such jobs
   * out of an agent's part of the queue in the query itself. Not shown by the API.
   */
  readonly evidenceRequired: boolean;
  /** Title and description together, for the lists' `q` filter. */
  readonly searchText: string;
  readonly children: readonly string[];
  readonly relations: { readonly dependencies: readonly RelationEntry[]; readonly dependents: readonly RelationEntry[] };
  readonly latestRejectionReason: string | null;
  readonly recordId: string | null;
  readonly signal: { readonly signalId: string; readonly recordId: string; readonly earner: Assignee; readonly emittedAt: string } | null;
  readonly createdAt: string;
  /**
   * The log position of its `JobCreated`: the order of creation where `createdAt` ties (the
   * children of one template, made by one command at one instant). A number, so that it sorts.
   */
  readonly createdPosition: number;
  readonly updatedAt: string;
  /** Last event on the job's own stream (records, signals and neighbours' changes do not count). */
  readonly lastActivityAt: string;
  readonly lastPosition: string;
};

/** A new job as `JobCreated` snapshots it; derived fields are filled by `derive` afterwards. */
export const newJobDoc = (event: Recorded<JobCreated>): JobDoc => {
  const d = event.data;
  const at = changedAt(event);
  return {
    _id: d.jobId,
    jobId: d.jobId,
    projectSlug: d.projectSlug,
    parentId: d.parentId ?? null,
    depth: d.depth,
    title: d.title,
    description: d.description,
    acceptanceCriteria: d.acceptanceCriteria ?? null,
    origin: d.origin ?? null,
    intake: d.intake ?? null,
    surface: d.surface ?? null,
    tier: d.tier ?? null,
    customer: d.customer ?? null,
    requiredEvidence: d.requiredEvidence,
    allowedEvidence: d.allowedEvidence,
    execution: d.execution ?? null,
    ...lifecycleOf(d),
    assigneeKey: null,
    blocked: false,
    waiting: false,
    effectivePhase: d.phase,
    claimable: false,
    claimableFrom: NOT_DEFERRED,
    resolvedGit: null,
    attempts: [],
    currentServiceEventId: null,
    evidenceStatus: [],
    evidenceRequired: false,
    searchText: '',
    children: [],
    relations: { dependencies: [], dependents: [] },
    latestRejectionReason: null,
    recordId: null,
    signal: null,
    createdAt: event.metadata.occurredAt,
    createdPosition: Number(event.position),
    updatedAt: at,
    lastActivityAt: at,
    lastPosition: positionOf(event),
  };
};

/**
 * Marks the document as changed by `event`. `lastActivityAt` moves only for events on the
 * job's own stream: a record, a signal or a neighbour's change is not activity on the job.
 */
export const stamped = (doc: JobDoc, event: RecordedEvent): JobDoc => ({
  ...touched(doc, event),
  ...(event.streamId === streams.job(doc.jobId) && { lastActivityAt: changedAt(event) }),
});
