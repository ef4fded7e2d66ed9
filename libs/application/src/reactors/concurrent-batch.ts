import type { RecordedEvent } from '../../../eventstore/src/port';
import type { ProjectionWriter } from '../../../readstore/src/port';

/**
 * For a reactor whose effects are independent from one trigger to the next (each writes its
 * own stream, idempotently, and keeps no state of its own): a delivered batch is applied all at
 * once, so its appends reach the store together and share one commit instead of one each.
 * The batch commits only when every effect is written; a failure retries the batch, and the
 * effects already written are recognised as such (derived ids, no-stream appends).
 */
/**
 * Waits for every effect, one way or the other, then fails with the first failure if any: a
 * batch is retried only once nothing of it is still in flight.
 */
export const settleAll = async (effects: readonly Promise<unknown>[]): Promise<void> => {
  const outcomes = await Promise.allSettled(effects);
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
};

export const allAtOnce =
  (apply: (event: RecordedEvent, writer: ProjectionWriter) => Promise<void>) =>
  async (events: readonly RecordedEvent[], writer: ProjectionWriter): Promise<void> => {
    await settleAll(events.map((event) => apply(event, writer)));
  };
