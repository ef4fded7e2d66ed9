import type { ReadStore } from '../../../readstore/src/port';
import { buildCheckpointName } from './naming';

/**
 * Once a generation is active, the checkpoint it was built under becomes the live one (the
 * processor's name). Idempotent: after a crash between the switch and this step, the next
 * start of the live runner does it; the live checkpoint never moves backwards.
 */
export const adoptBuildCheckpoint = async (store: ReadStore, processor: string, generation: number): Promise<void> => {
  const buildName = buildCheckpointName(processor, generation);
  const built = await store.getCheckpoint(buildName);
  if (built === null) return;
  const live = await store.getCheckpoint(processor);
  await store.applyBatch(processor, live !== null && live > built ? live : built, async () => undefined);
  await store.reset(buildName, []);
};
