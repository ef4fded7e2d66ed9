import type { ContractContext } from './fixtures';
import { testNames } from './fixtures';

export const streamMetadataCases = ({ store }: ContractContext): void => {
  describe('stream metadata', () => {
    it('reads back what was set last, and null for a stream without metadata', async () => {
      const { stream } = testNames();
      expect(await store().getStreamMetadata(stream('s'))).toBeNull();

      await store().setStreamMetadata(stream('s'), { maxCount: 1, owner: 'checkpoints' });
      expect(await store().getStreamMetadata(stream('s'))).toEqual({ maxCount: 1, owner: 'checkpoints' });

      await store().setStreamMetadata(stream('s'), { maxAge: 3600 });
      expect(await store().getStreamMetadata(stream('s'))).toEqual({ maxAge: 3600 });
    });
  });
};
