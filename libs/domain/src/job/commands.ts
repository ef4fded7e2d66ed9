import type { AccessView } from '../operator/access-view';
import type { Assignee } from '../shared/assignee';
import type { Json } from '../shared/json';
import type { JobCreatedData, Outcome, Payment, Phase } from './events';
import type { StructureCommand } from './structure-commands';
import type { AgentResult } from './json-result';

/** Facts from other streams that a rule needs, read by the application before deciding. */
export type ClaimantView = Pick<AccessView, 'access'>;

/** A job above the one being claimed, as its own stream has it now. */
export type AncestorView = { readonly jobId: string; readonly phase: Phase };

type Execution = { readonly serviceEventId: string; readonly now: string };

export type JobCommand =
  | { readonly type: 'CreateJob'; readonly job: JobCreatedData }
  | {
      readonly type: 'ClaimJob';
      readonly serviceEventId: string;
      readonly claimant: Assignee;
      readonly claimantView: ClaimantView;
      readonly unresolvedBlockers: readonly string[];
      /** The job's parent, then its grandparent: none for a root job. */
      readonly ancestors: readonly AncestorView[];
      readonly now: string;
      readonly leaseExpiresAt: string;
      readonly deadlineAt?: string;
      readonly harness?: string;
      readonly sessionId?: string;
      readonly start?: boolean;
    }
  | ({ readonly type: 'StartServiceEvent'; readonly claimantView: ClaimantView } & Execution)
  | ({ readonly type: 'ExtendLease'; readonly leaseExpiresAt: string } & Execution)
  | ({
      readonly type: 'CaptureEvidence';
      readonly evidenceId: string;
      readonly category: string;
      readonly contentType: string;
      readonly sizeBytes: number;
      readonly sha256: string;
      readonly blobRef: string;
      readonly note?: string;
    } & Execution)
  | ({
      readonly type: 'CompleteServiceEvent';
      readonly payment?: Payment;
      readonly outcome?: Outcome;
      readonly summary?: string;
      readonly result?: Json;
    } & Execution)
  | ({ readonly type: 'FailServiceEvent'; readonly reason: string; readonly result?: Json } & Execution)
  /** `onlyIfLeaseExpired`: the watchdog's release, refused if a heartbeat got there first. */
  | ({ readonly type: 'ReleaseJob'; readonly reason: string; readonly onlyIfLeaseExpired?: boolean } & Execution)
  /** An agent's structured result (a json-result block), applied by its control status. */
  | ({ readonly type: 'RecordResult'; readonly outcome: AgentResult; readonly unresolvedBlockers: readonly string[] } & Execution)
  | ({ readonly type: 'SubmitForReview'; readonly summary: string } & Execution)
  /** The watchdog's: the attempt ran past its `deadlineAt` (`hints.timeoutSeconds`). */
  | ({ readonly type: 'ExpireDeadline' } & Execution)
  | { readonly type: 'ApproveJob'; readonly comment?: string }
  | { readonly type: 'RejectJob'; readonly reason: string }
  | { readonly type: 'CloseJob'; readonly reason: string }
  | { readonly type: 'CancelJob'; readonly reason: string }
  | { readonly type: 'ForceCompleteJob'; readonly reason: string }
  | { readonly type: 'ResubmitJob'; readonly reason: string; readonly ancestors: readonly AncestorView[] }
  | { readonly type: 'ReassignJob'; readonly to: Assignee; readonly toView: AccessView | null; readonly reason: string }
  | StructureCommand;

export type JobCommandType = JobCommand['type'];
