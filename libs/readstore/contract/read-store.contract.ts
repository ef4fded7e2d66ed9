import type { ReadStore } from '../src/port';
import { batchCases } from './batch.cases';
import { filterCases } from './filter.cases';
import type { OpenReadStore } from './harness';
import { leaseCases } from './lease.cases';
import { sortPageCases } from './sort-page.cases';

export type { OpenReadStore } from './harness';

/**
 * The behaviour every ReadStore adapter must share, written against the port only. Each
 * test gets a fresh, empty store from `open` and hands it back to `cleanup`.
 */
export const readStoreContract = (name: string, open: OpenReadStore): void => {
  describe(`ReadStore contract: ${name}`, () => {
    let current: { store: ReadStore; cleanup(): Promise<void> } | undefined;
    const store = (): ReadStore => {
      if (!current) throw new Error('no store open');
      return current.store;
    };

    beforeEach(async () => {
      current = await open();
    });
    afterEach(async () => {
      await current?.cleanup();
      current = undefined;
    });

    batchCases({ store });
    filterCases({ store });
    sortPageCases({ store });
    leaseCases({ store });
  });
};
