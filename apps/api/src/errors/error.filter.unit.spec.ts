import { EventStoreUnavailableError } from '../../../../libs/eventstore/src/esdb/errors';
import { toHttpError } from './error.filter';

describe('toHttpError: a store that cannot be reached', () => {
  it('answers 503 STORE_UNAVAILABLE when EventStoreDB does not answer', () => {
    const { status, body } = toHttpError(new EventStoreUnavailableError('append', new Error('14 UNAVAILABLE: No connection established')));
    expect(status).toBe(503);
    expect(body.error).toMatchObject({ code: 'STORE_UNAVAILABLE', details: { store: 'eventstore', operation: 'append' } });
  });

  it('answers 503 for the MongoDB driver\'s unreachable-server errors, and still 500 for anything unknown', () => {
    const unreachable = Object.assign(new Error('Server selection timed out after 30000 ms'), { name: 'MongoServerSelectionError' });
    expect(toHttpError(unreachable)).toMatchObject({ status: 503, body: { error: { code: 'STORE_UNAVAILABLE' } } });
    expect(toHttpError(new TypeError('x is undefined'))).toMatchObject({ status: 500, body: { error: { code: 'INTERNAL_ERROR' } } });
  });
});
