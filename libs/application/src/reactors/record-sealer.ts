import type { JobEvent } from '../../../domain/src/job/events';
import { recordDecider } from '../../../domain/src/record/decider';
import type { RecordSealed } from '../../../domain/src/record/events';
import { sealingAt, type JobStreamEvent } from '../../../domain/src/record/seal';
import { streams } from '../../../domain/src/shared/streams';
import type { EventStore, NewEvent, RecordedEvent } from '../../../eventstore/src/port';
import type { ProjectionWriter } from '../../../readstore/src/port';
import type { Projection } from '../../../../projections/projection';
import { toNewEvents } from '../commands/command-executor';
import { followUpContext } from '../followups/trigger';
import { settleAll } from './concurrent-batch';

export const LEDGER_COLLECTION = 'reactor_ledger';
export type LedgerHead = { _id: string; headHash: string | null; recordCount: number };

const toJobStreamEvent = (r: RecordedEvent): JobStreamEvent => ({
  id: r.id, revision: r.revision, occurredAt: r.metadata.occurredAt, event: { type: r.type, data: r.data } as JobEvent,
});

/** A record stream's one append, decided and chained but not yet written. */
type Decided = { readonly projectSlug: string; readonly streamId: string; readonly events: readonly NewEvent[] };

/**
 * Completion (without review), approval and forced completion → RecordSealed. This reactor is
 * the only sealer: records of a project are chained in the order it seals them, and the chain
 * head lives in its own state, committed with its checkpoint.
 *
 * A delivered batch is sealed as a whole: each record is decided in log order and chained to
 * the one before it in memory (a record's content depends only on its job stream and that hash,
 * and its ids on its trigger, so deciding it again gives the same record), then appended before
 * the head and checkpoint commit, in chain order (the log's order is the chain's, which audits
 * rely on): all at once where the store commits appends in call order (the embedded one: one
 * group commit for the batch), else one project's records one after another. If
 * an append fails the batch is retried: a record already written is adopted as the head when it
 * links to it, the others are decided again, identically.
 */
export const recordSealerReactor = (store: EventStore): Projection => {
  const seal = async (trigger: RecordedEvent, writer: ProjectionWriter, decided: Decided[]): Promise<void> => {
    const upToTrigger = await store.readStream(trigger.streamId, { maxCount: trigger.revision + 1 });
    const sealing = sealingAt(upToTrigger.map(toJobStreamEvent));
    if (!sealing) return;
    const recordStream = streams.record(sealing.recordId);
    if (decided.some((d) => d.streamId === recordStream)) return; // an earlier trigger of this batch sealed it
    const head = (await writer.get<LedgerHead>(LEDGER_COLLECTION, sealing.projectSlug)) ?? {
      _id: sealing.projectSlug, headHash: null, recordCount: 0,
    };
    const existing = (await store.readStream(recordStream))[0] as RecordedEvent<RecordSealed['data']> | undefined;
    if (existing) {
      if (existing.data.previousRecordHash === head.headHash) {
        writer.put(LEDGER_COLLECTION, { ...head, headHash: existing.data.contentHash, recordCount: head.recordCount + 1 });
      }
      return;
    }
    const [sealed] = recordDecider.decide(
      { type: 'SealRecord', body: { ...sealing.body, previousRecordHash: head.headHash } },
      recordDecider.initialState(),
    );
    if (!sealed) return;
    decided.push({ projectSlug: sealing.projectSlug, streamId: recordStream, events: toNewEvents(recordStream, [sealed], followUpContext(trigger, 'seal-record')) });
    writer.put(LEDGER_COLLECTION, { ...head, headHash: sealed.data.contentHash, recordCount: head.recordCount + 1 });
  };

  const applyBatch = async (triggers: readonly RecordedEvent[], writer: ProjectionWriter): Promise<void> => {
    const decided: Decided[] = [];
    for (const trigger of triggers) await seal(trigger, writer, decided);
    const append = (d: Decided) => store.append(d.streamId, d.events, 'no_stream');
    if (store.ordersAppends) {
      // Issued in chain order and committed in that order, as one group. Within a group only an
      // append whose record stream already exists fails on its own, and that record is then
      // already earlier in the log: the log's order stays the chain's.
      await settleAll(decided.map(append));
      return;
    }
    const byProject = new Map<string, Decided[]>();
    for (const d of decided) byProject.set(d.projectSlug, [...(byProject.get(d.projectSlug) ?? []), d]);
    await settleAll([...byProject.values()].map(async (chain) => {
      for (const d of chain) await append(d);
    }));
  };

  return {
    name: 'reactor:record-sealer',
    appendsFollowUps: true,
    collections: [{ name: LEDGER_COLLECTION, indexes: [] }],
    eventTypes: ['ServiceEventCompleted', 'JobApproved', 'JobForceCompleted'],
    apply: (trigger, writer) => applyBatch([trigger], writer),
    applyBatch,
  };
};
