import { recordsProjection, RECORDS, type RecordDoc } from '.';
import { docOf, ev, MemoryReadStore, operator, project, resetLog } from '../testing';

beforeEach(resetLog);

describe('records', () => {
  it('stores the sealed record as sealed, with when and at which position', async () => {
    const sealed = ev.recordSealed('rec-1', 'acme-00000001', operator('dana'), 'se-1');
    const record = docOf<RecordDoc>(await project(recordsProjection, [sealed]), RECORDS, 'rec-1') as RecordDoc;
    const { _id, sealedAt, position, lastPosition, ...body } = record;
    expect(body).toEqual(sealed.data);
    expect({ _id, sealedAt, position, lastPosition }).toEqual({
      _id: 'rec-1', sealedAt: sealed.metadata.occurredAt, position: sealed.position.toString(), lastPosition: sealed.position.toString(),
    });
  });

  it('a record is never rewritten, however often its event is delivered', async () => {
    const events = [ev.recordSealed('rec-1', 'acme-00000001', operator('dana')), ev.recordSealed('rec-2', 'acme-00000002', null)];
    const store = new MemoryReadStore();
    const once = await project(recordsProjection, events, store);
    expect(await project(recordsProjection, events, store)).toEqual(once);
    expect(once.get(RECORDS)?.map((r) => r._id)).toEqual(['rec-1', 'rec-2']);
  });
});
