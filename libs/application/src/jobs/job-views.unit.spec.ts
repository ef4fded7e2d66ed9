import type { JobDoc } from '../../../../projections/jobs';
import { lookingUpOnce } from './job-views';

describe('lookingUpOnce', () => {
  it('reads each job once for one answer, whoever asks and however often', async () => {
    const reads: string[] = [];
    const lookup = lookingUpOnce(async (jobId) => {
      reads.push(jobId);
      return { jobId } as JobDoc;
    });
    const found = await Promise.all(['a', 'b', 'a', 'a', 'b'].map(lookup));
    expect(found.map((d) => d?.jobId)).toEqual(['a', 'b', 'a', 'a', 'b']);
    expect(reads).toEqual(['a', 'b']);
  });
});
