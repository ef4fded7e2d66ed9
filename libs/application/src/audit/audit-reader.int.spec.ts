import { newEvent } from '../../../eventstore/contract/fixtures';
import { tempEventStore } from '../../../eventstore/src/sqlite/testing/temp-event-store';
import { LOG_PAGE, projectChain } from './audit-reader';

const RECORDS = 2 * LOG_PAGE + 50;

describe('audit: reading a project’s chain from the log', () => {
  const { store, remove } = tempEventStore('jobledger-chain-');

  beforeAll(async () => {
    // More than two pages of the log's sealed records, one of them another project's.
    await Promise.all(
      Array.from({ length: RECORDS }, (_, i) =>
        store.append(`record-r${i}`, [newEvent('RecordSealed', { recordId: `r${i}`, projectSlug: i === 7 ? 'other' : 'detailing' })], 'no_stream'),
      ),
    );
  });
  afterAll(() => remove());

  it('reads every page in sealing order, giving other work a turn between pages', async () => {
    let turns = 0;
    let reading = true;
    const other = () => {
      turns++;
      if (reading) setImmediate(other);
    };
    setImmediate(other);
    const chain = await projectChain(store, 'detailing');
    reading = false;
    expect(chain.map((e) => e.data.recordId)).toEqual(Array.from({ length: RECORDS }, (_, i) => `r${i}`).filter((id) => id !== 'r7'));
    // Three pages: a turn after each of the first two at least.
    expect(turns).toBeGreaterThanOrEqual(2);
  });
});
