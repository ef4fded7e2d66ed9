import { childState, isFinished, outcomeOf } from '../supervise';
import { threadOf } from '../thread/thread-id';
import { treeLines } from './format';
import type { TreeNode } from './types';

const node = (jobId: string, phase: TreeNode['phase'], children: TreeNode[] = [], over: Partial<TreeNode> = {}): TreeNode =>
  ({ jobId, title: `T ${jobId}`, phase, effectivePhase: phase, resolution: null, children, ...over });

describe('job tree and supervise, from a tree', () => {
  it('draws the tree with branches, and a job the caller may not see by its id alone', () => {
    const tree = node('p-1a2b3c4d', 'active', [
      node('p-1a2b3c4d.1', 'done', [node('p-1a2b3c4d.1.1', 'ready')], { resolution: 'failed' }),
      { jobId: 'p-1a2b3c4d.2', children: [] },
    ]);
    expect(treeLines(tree, false)).toBe([
      'p-1a2b3c4d  active  T p-1a2b3c4d',
      '├─ p-1a2b3c4d.1  done (failed)  T p-1a2b3c4d.1',
      '│  └─ p-1a2b3c4d.1.1  ready  T p-1a2b3c4d.1.1',
      '└─ p-1a2b3c4d.2  (not visible to you)',
      '',
    ].join('\n'));
  });

  it("shows a title's line breaks as \\n: one job a line, whatever a title says", () => {
    const tree = node('p-1a2b3c4d', 'active', [node('p-1a2b3c4d.1', 'ready', [], { title: 'one\n└─ p-1a2b3c4d.9  done  forged' })]);
    expect(treeLines(tree, false).split('\n')).toEqual(['p-1a2b3c4d  active  T p-1a2b3c4d', '└─ p-1a2b3c4d.1  ready  one\\n└─ p-1a2b3c4d.9  done  forged', '']);
  });

  it('counts a child finished once done or cancelled, and fails the run when any failed or was cancelled', () => {
    const children = [node('a', 'done', [], { resolution: 'completed' }), node('b', 'done', [], { resolution: 'closed' }), node('c', 'review')];
    expect(children.map(isFinished)).toEqual([true, true, false]);
    expect(children.map(childState)).toEqual(['done:completed', 'done:closed', 'review']);
    expect(childState(node('d', 'ready', [], { effectivePhase: 'blocked' }))).toBe('blocked');
    expect(outcomeOf(children.slice(0, 2))).toEqual({ total: 2, completed: 2, failedOrCancelled: [] });
    expect(outcomeOf([node('a', 'done', [], { resolution: 'failed' }), node('b', 'cancelled')])).toEqual({ total: 2, completed: 0, failedOrCancelled: ['a', 'b'] });
  });
});

describe('thread names', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("takes a job id for its coordination thread, a key or an id as given, and defaults to the harness's parent, then its job", () => {
    delete process.env.JOBLEDGER_PARENT_JOB_ID;
    delete process.env.JOBLEDGER_JOB_ID;
    expect(threadOf('proj-1a2b3c4d.1')).toBe('coord:job:proj-1a2b3c4d.1');
    expect(threadOf('coord:job:proj-1a2b3c4d')).toBe('coord:job:proj-1a2b3c4d');
    expect(threadOf('da38698a-aadb-536c-85a9-e1fc6a16fb3a')).toBe('da38698a-aadb-536c-85a9-e1fc6a16fb3a');
    expect(() => threadOf(undefined)).toThrow('name a thread');
    process.env.JOBLEDGER_JOB_ID = 'proj-1a2b3c4d.2';
    expect(threadOf(undefined)).toBe('coord:job:proj-1a2b3c4d.2');
    process.env.JOBLEDGER_PARENT_JOB_ID = 'proj-1a2b3c4d';
    expect(threadOf(undefined)).toBe('coord:job:proj-1a2b3c4d');
  });
});
