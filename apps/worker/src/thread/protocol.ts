import type { ProcessorProgress } from '../../../../libs/application/src/commands/command-gateway';
import type { ProcessorStatus } from '../../../../libs/application/src/processing/processor-status';
import type { AppendResult, ExpectedRevision, NewEvent } from '../../../../libs/eventstore/src/port';
import type { AppendRefusal } from './append-refusal';
import type { MirroredProcessor, SeenUpdate } from './seen-mirror';

/**
 * What the API's thread asks of the processors' thread (each request is answered once, by id),
 * and its answers to the thread's appends.
 */
export type ThreadRequest =
  | { readonly id: number; readonly type: 'appended'; readonly result: AppendResult }
  | { readonly id: number; readonly type: 'append-refused'; readonly refusal: AppendRefusal }
  | {
      readonly id: number;
      readonly type: 'settle';
      readonly position: bigint;
      readonly timeoutMs: number;
      readonly eventTypes?: readonly string[];
      readonly followUps: boolean;
    }
  | { readonly id: number; readonly type: 'progress' }
  | { readonly id: number; readonly type: 'status' }
  | { readonly id: number; readonly type: 'stop' };

/**
 * What the processors' thread says: answers (or why one failed), its readiness (with its
 * runners, for SeenMirror), its runners' progress as it happens, its status every so often,
 * and a failure that ended it.
 */
export type ThreadMessage =
  | { readonly type: 'ready'; readonly holder: string; readonly processors: readonly MirroredProcessor[] }
  | { readonly type: 'seen'; readonly holdsAll: boolean; readonly runners: readonly SeenUpdate[] }
  /** A rebuild switched a projection's generation; sent before any push that counts its writes there. */
  | { readonly type: 'switched'; readonly projection: string; readonly generation: number }
  | { readonly type: 'failed'; readonly error: string }
  | { readonly type: 'status'; readonly status: readonly ProcessorStatus[] }
  | { readonly type: 'answer'; readonly id: number; readonly value: boolean | readonly ProcessorProgress[] | readonly ProcessorStatus[] }
  | { readonly type: 'refused'; readonly id: number; readonly error: string }
  /**
   * The appends the thread's processors asked for in one synchronous run, made by the API's
   * thread on its connection, all queued at once so they join one group commit (as they would
   * on the thread's own store: the record sealer relies on it); they share the commands' fsyncs,
   * and the thread never waits on a disk flush.
   */
  | { readonly type: 'appends'; readonly appends: readonly AppendRequest[] };

export type AppendRequest = { readonly id: number; readonly streamId: string; readonly events: readonly NewEvent[]; readonly expected: ExpectedRevision };

/** What the thread is started with: the environment `serve` was given (it loads its own config and backends). */
export type ThreadData = { readonly env: Readonly<Record<string, string | undefined>> };

/** How often the thread reports its processors' status (for /health, which must answer without waiting). */
export const STATUS_EVERY_MS = 250;
