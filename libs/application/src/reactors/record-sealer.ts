import type { JobEvent } from '../../../domain/src/job/events';
import { recordDecider } from '../../../domain/src/record/decider';
import type { RecordSealed } from '../../../domain/src/record/events';
import { sealingAt, type JobStreamEvent } from '../../../domain/src/record/seal';
import { streams } from '../../../domain/src/shared/streams';
import type { EventStore, RecordedEvent } from '../../../eventstore/src/port';
import type { ProjectionWriter } from '../../../readstore/src/port';
import type { Projection } from '../../../../projections/projection';
import { executeCommand } from '../commands/command-executor';
import { followUpContext } from '../followups/trigger';

export const LEDGER_COLLECTION = 'reactor_ledger';
export type LedgerHead = { _id: string; headHash: string | null; recordCount: number };

const toJobStreamEvent = (r: RecordedEvent): JobStreamEvent => ({
  id: r.id, revision: r.revision, occurredAt: r.metadata.occurredAt, event: { type: r.type, data: r.data } as JobEvent,
});

/**
 * Completion (without review), approval and forced completion → RecordSealed. This reactor is
 * the only sealer: records of a project are chained in the order it seals them, and the chain
 * head lives in its own state, committed with its checkpoint. After a crash it re-runs the
 * trigger, finds the record stream already written, and adopts that record as the head.
 */
export const recordSealerReactor = (store: EventStore, retries: number): Projection => ({
  name: 'reactor:record-sealer',
  appendsFollowUps: true,
  collections: [{ name: LEDGER_COLLECTION, indexes: [] }],
  eventTypes: ['ServiceEventCompleted', 'JobApproved', 'JobForceCompleted'],
  apply: async (trigger: RecordedEvent, writer: ProjectionWriter) => {
    const upToTrigger = await store.readStream(trigger.streamId, { maxCount: trigger.revision + 1 });
    const sealing = sealingAt(upToTrigger.map(toJobStreamEvent));
    if (!sealing) return;
    const head = (await writer.get<LedgerHead>(LEDGER_COLLECTION, sealing.projectSlug)) ?? {
      _id: sealing.projectSlug, headHash: null, recordCount: 0,
    };
    const recordStream = streams.record(sealing.recordId);
    const existing = (await store.readStream(recordStream))[0] as RecordedEvent<RecordSealed['data']> | undefined;
    if (existing) {
      if (existing.data.previousRecordHash === head.headHash) {
        writer.put(LEDGER_COLLECTION, { ...head, headHash: existing.data.contentHash, recordCount: head.recordCount + 1 });
      }
      return;
    }
    const outcome = await executeCommand(
      store, recordStream, recordDecider,
      () => ({ type: 'SealRecord' as const, body: { ...sealing.body, previousRecordHash: head.headHash } }),
      followUpContext(trigger, 'seal-record'), { retries },
    );
    const sealed = outcome.events[0];
    if (sealed) writer.put(LEDGER_COLLECTION, { ...head, headHash: sealed.data.contentHash, recordCount: head.recordCount + 1 });
  },
});
