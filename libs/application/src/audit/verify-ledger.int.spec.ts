import { newEvent } from '../../../eventstore/contract/fixtures';
import { tempEventStore } from '../../../eventstore/src/sqlite/testing/temp-event-store';
import type { ReadAllOptions } from '../../../eventstore/src/port';
import { LOG_PAGE } from './audit-reader';
import { VerifyLedgerHandler } from './handlers';
import { VerifyLedgerQuery } from './queries';

describe('audit: a ledger verified while records are sealed', () => {
  const { store, remove } = tempEventStore('jobledger-verify-');
  afterAll(() => remove());

  const sealAndSignal = async (n: number) => {
    await store.append(`record-r${n}`, [newEvent('RecordSealed', { recordId: `r${n}`, projectSlug: 'detailing', previousRecordHash: null })], 'no_stream');
    await store.append(`signal-r${n}`, [newEvent('SignalEmitted', { recordId: `r${n}`, jobId: `detailing-0000000${n}` })], 'no_stream');
  };

  it('never finds a record signalled but missing from the chain because it was sealed during the verification', async () => {
    await store.append('project-detailing', [newEvent('ProjectCreated', { slug: 'detailing' })], 'no_stream');
    await sealAndSignal(1);
    // Other projects' signals: the log's signals take pages more to read than this chain.
    await Promise.all(Array.from({ length: 5 * LOG_PAGE }, (_, i) =>
      store.append(`signal-o${i}`, [newEvent('SignalEmitted', { recordId: `o${i}`, jobId: `other-${String(i).padStart(8, '0')}` })], 'no_stream')));
    // A record is sealed and signalled right after the verification has read the chain.
    const read = store.readAll.bind(store);
    let sealed = false;
    store.readAll = async (options: ReadAllOptions) => {
      const page = await read(options);
      if (!sealed && options.filter?.eventTypes?.includes('RecordSealed')) {
        sealed = true;
        await sealAndSignal(2);
      }
      return page;
    };
    const answer = await new VerifyLedgerHandler(store).execute(new VerifyLedgerQuery({ sub: 'auditor:a', role: 'auditor' }, 'detailing', 0, null));
    expect(sealed).toBe(true);
    expect(answer.checks.find((c) => c.name === 'signalled-records')).toMatchObject({ ok: true });
  });
});
