import type { RecordedEvent } from '../libs/eventstore/src/port';
import type { IndexSpec, ProjectionWriter } from '../libs/readstore/src/port';

export type CollectionSpec = { readonly name: string; readonly indexes: readonly IndexSpec[] };

/**
 * A read model built from events. `apply` reads and writes documents only through the
 * writer, so the projector can batch, checkpoint and rebuild it; it must be idempotent
 * per event and depend on nothing but the documents and the event.
 */
export type Projection = {
  readonly name: string;
  readonly collections: readonly CollectionSpec[];
  readonly eventTypes: readonly string[];
  readonly apply: (event: RecordedEvent, writer: ProjectionWriter) => Promise<void>;
  /**
   * When present, the runner hands over each delivered batch whole (in log order) instead of
   * calling `apply` per event: for a reactor whose appends are cheaper issued together (the
   * embedded store then commits them as one group, with one fsync).
   */
  readonly applyBatch?: (events: readonly RecordedEvent[], writer: ProjectionWriter) => Promise<void>;
  /** A reactor that appends follow-up events: a command whose events it handles has effects beyond them. */
  readonly appendsFollowUps?: boolean;
};
