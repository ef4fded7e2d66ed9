import { spec } from '../testing/decider-specification';
import { agent, alice, bob, claimed, jobCreated, jobData } from '../testing/job-fixtures';
import type { JobCommand } from './commands';
import { jobDecider } from './decider';
import type { JobEvent } from './events';
import type { ChildSpec } from './structure-commands';

const job = spec(jobDecider);
const ID = 'proj-a3f2dd12';
const created = jobCreated({ jobId: ID, projectSlug: 'proj', assignee: undefined, phase: 'backlog' });

const update = (changes: Extract<JobCommand, { type: 'UpdateJob' }>['changes'], assigneeView: { exists: boolean; access: 'active' | 'limited' | null } | null = null): JobCommand =>
  ({ type: 'UpdateJob', changes, assigneeView });

const child = (overrides: Partial<ChildSpec> = {}): ChildSpec => {
  const { jobId: _id, projectSlug: _p, depth: _d, parentId: _parent, ...rest } = jobData({ title: '', description: 'Write the tests\nfor the parser', assignee: undefined });
  return { ...rest, ...overrides };
};
const allocate = (overrides: Partial<ChildSpec> = {}, projectSlug = 'proj'): JobCommand => ({ type: 'AllocateChild', projectSlug, child: child(overrides) });

const addDep = (relatedJobId: string, relation: 'blocked_by' | 'waits_for' | 'conditional_blocks' = 'blocked_by', extra: { relatedExists?: boolean; cycle?: string[] | null; cycleUnknownBeyond?: number } = {}): JobCommand =>
  ({ type: 'AddDependency', relatedJobId, relation, relatedExists: extra.relatedExists ?? true, cycle: extra.cycle ?? null, ...(extra.cycleUnknownBeyond !== undefined && { cycleUnknownBeyond: extra.cycleUnknownBeyond }) });
const depAdded = (relatedJobId: string, relation: 'blocked_by' | 'waits_for' | 'conditional_blocks' = 'blocked_by'): JobEvent =>
  ({ type: 'JobDependencyAdded', data: { relatedJobId, relation } });

describe('job: update (PATCH semantics)', () => {
  it('records only the fields given that differ from the job', () => {
    job.given([created]).when(update({ title: 'Parser', priority: 2, phase: 'ready', description: created.data.description }))
      .then([{ type: 'JobUpdated', data: { changes: { title: 'Parser', phase: 'ready' } } }]);
  });

  it('decides nothing when nothing changes', () => {
    job.given([created]).when(update({ priority: 2, phase: 'backlog' })).thenNothing();
  });

  it('moves the phase only among idea, backlog and ready', () => {
    job.given([created]).when(update({ phase: 'idea' })).then([{ type: 'JobUpdated', data: { changes: { phase: 'idea' } } }]);
    job.given([created, claimed('se-1', 1, agent)]).when(update({ phase: 'backlog' }))
      .thenThrows('INVALID_PHASE', { kind: 'conflict', details: { phase: 'active' } });
  });

  it('refuses a priority outside 0–4 and an empty title', () => {
    job.given([created]).when(update({ priority: 7 })).thenThrows('INVALID_PRIORITY', { kind: 'validation' });
    job.given([created]).when(update({ title: '  ' })).thenThrows('FIELD_REQUIRED', { details: { field: 'title' } });
  });

  it('assigns an active operator, clears the assignee, refuses one who is not active', () => {
    job.given([created]).when(update({ assignee: bob }, { exists: true, access: 'active' }))
      .then([{ type: 'JobUpdated', data: { changes: { assignee: bob } } }]);
    job.given([jobCreated({ jobId: ID, assignee: alice })]).when(update({ assignee: null }))
      .then([{ type: 'JobUpdated', data: { changes: { assignee: null } } }]);
    job.given([created]).when(update({ assignee: bob }, { exists: true, access: 'limited' })).thenThrows('ASSIGNEE_NOT_ACTIVE', { kind: 'rule' });
  });

  it('does not reassign a running job', () => {
    job.given([jobCreated({ jobId: ID, assignee: agent }), claimed('se-1', 1, agent)]).when(update({ assignee: null }))
      .thenThrows('JOB_ACTIVE', { kind: 'conflict' });
  });

  it('refuses edits of a finished job', () => {
    job.given([created, { type: 'JobCancelled', data: { reason: 'dropped' } }]).when(update({ title: 'x' })).thenThrows('JOB_TERMINAL');
  });
});

describe('job: child allocation', () => {
  it('allocates {parent}.{n} with the child\'s creation data, title from the description', () => {
    job.given([created]).when(allocate()).then(([e]) => {
      expect(e).toMatchObject({ type: 'JobChildAllocated', data: { childId: `${ID}.1`, n: 1 } });
      expect(e.type === 'JobChildAllocated' && e.data.job).toMatchObject({
        jobId: `${ID}.1`, parentId: ID, projectSlug: 'proj', depth: 2, title: 'Write the tests',
      });
    });
  });

  it('numbers children in allocation order', () => {
    const first: JobEvent = { type: 'JobChildAllocated', data: { childId: `${ID}.1`, n: 1 } };
    job.given([created, first]).when(allocate()).then(([e]) => expect(e.type === 'JobChildAllocated' && e.data.childId).toBe(`${ID}.2`));
  });

  it('substitutes ${job_id} in the branch with the child\'s id', () => {
    job.given([created]).when(allocate({ execution: { git: { branch: 'agent/${job_id}', createBranch: 'if_missing' } } }))
      .then(([e]) => expect(e.type === 'JobChildAllocated' && e.data.job?.execution?.git?.branch).toBe(`agent/${ID}.1`));
  });

  it('nests at most three levels', () => {
    const grandchild = jobCreated({ jobId: `${ID}.1.1`, projectSlug: 'proj', depth: 3, parentId: `${ID}.1` });
    job.given([grandchild]).when(allocate()).thenThrows('JOB_TOO_DEEP', { kind: 'rule' });
  });

  it('keeps children in their parent\'s project', () => {
    job.given([created]).when(allocate({}, 'other')).thenThrows('PARENT_IN_OTHER_PROJECT', { kind: 'rule' });
  });

  it('checks the child before the allocation is recorded', () => {
    job.given([created]).when(allocate({ priority: 9 })).thenThrows('INVALID_PRIORITY');
    job.given([created]).when(allocate({ execution: { git: { refPolicy: 'explicit' } } })).thenThrows('INVALID_GIT_SETTINGS');
  });

  it('gives no children to a finished job', () => {
    job.given([created, { type: 'JobClosed', data: { reason: 'done' } }]).when(allocate()).thenThrows('JOB_TERMINAL');
  });
});

describe('job: dependencies', () => {
  it('adds a dependency on another job', () => {
    job.given([created]).when(addDep('proj-0000beef')).then([depAdded('proj-0000beef')]);
    job.given([created]).when(addDep('proj-0000beef', 'conditional_blocks')).then([depAdded('proj-0000beef', 'conditional_blocks')]);
  });

  it('refuses a self-dependency, an unknown job and a duplicate', () => {
    job.given([created]).when(addDep(ID)).thenThrows('SELF_DEPENDENCY', { kind: 'validation' });
    job.given([created]).when(addDep('proj-0000beef', 'blocked_by', { relatedExists: false })).thenThrows('RELATED_JOB_NOT_FOUND', { kind: 'not_found' });
    job.given([created, depAdded('proj-0000beef')]).when(addDep('proj-0000beef')).thenThrows('DEPENDENCY_EXISTS', { kind: 'conflict' });
  });

  it('refuses a cycle through blocked_by and waits_for, naming it', () => {
    const cycle = ['proj-0000beef', ID];
    job.given([created]).when(addDep('proj-0000beef', 'waits_for', { cycle }))
      .thenThrows('DEPENDENCY_CYCLE', { kind: 'rule', details: { cycle: [ID, 'proj-0000beef', ID] } });
  });

  it('refuses an ordering relation whose graph was too large to walk, after its own checks', () => {
    const unwalked = { cycleUnknownBeyond: 10_000 };
    job.given([created]).when(addDep('proj-0000beef', 'blocked_by', unwalked))
      .thenThrows('DEPENDENCY_GRAPH_TOO_LARGE', { kind: 'rule', details: { maxVisited: 10_000 } });
    // The job's own answers come first: the relation is there already, or the job is finished.
    job.given([created, depAdded('proj-0000beef')]).when(addDep('proj-0000beef', 'blocked_by', unwalked)).thenThrows('DEPENDENCY_EXISTS');
    job.given([created, { type: 'JobClosed', data: { reason: 'done' } }]).when(addDep('proj-0000beef', 'blocked_by', unwalked)).thenThrows('JOB_TERMINAL');
  });

  it('a conditional relation closes no cycle: it never holds a claim', () => {
    job.given([created]).when(addDep('proj-0000beef', 'conditional_blocks', { cycle: ['proj-0000beef', ID] }))
      .then([depAdded('proj-0000beef', 'conditional_blocks')]);
  });

  it('removes a dependency it has, and says so when it has none', () => {
    const remove: JobCommand = { type: 'RemoveDependency', relatedJobId: 'proj-0000beef', relation: 'blocked_by' };
    job.given([created, depAdded('proj-0000beef')]).when(remove)
      .then([{ type: 'JobDependencyRemoved', data: { relatedJobId: 'proj-0000beef', relation: 'blocked_by' } }]);
    job.given([created, depAdded('proj-0000beef', 'waits_for')]).when(remove).thenThrows('DEPENDENCY_NOT_FOUND', { kind: 'not_found' });
  });
});
