import { fromClientMetadata, toClientMetadata } from './metadata';

describe('stream metadata', () => {
  it('is null when the stream has none', () => {
    expect(fromClientMetadata({ streamName: 'checkpoints' })).toBeNull();
  });

  it('reads back the document as the client translated it, custom keys included', () => {
    expect(fromClientMetadata({ streamName: 's', metadata: { maxCount: 1, owner: 'checkpoints' } })).toEqual({ maxCount: 1, owner: 'checkpoints' });
  });

  it('sends the whole document (setting replaces), without sharing the caller’s object', () => {
    const given = { maxAge: 3600, owner: 'x' };
    const sent = toClientMetadata(given);
    expect(sent).toEqual(given);
    expect(sent).not.toBe(given);
  });
});
