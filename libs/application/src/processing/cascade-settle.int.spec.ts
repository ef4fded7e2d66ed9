import { setTimeout as sleep } from 'node:timers/promises';
import type { Projection } from '../../../../projections/projection';
import { ALL_PROJECTIONS } from '../../../../projections';
import { THREAD_MESSAGES } from '../../../../projections/threads/projection';
import { jobDecider } from '../../../domain/src/job/decider';
import type { JobEvent } from '../../../domain/src/job/events';
import { SYSTEM_ACTOR } from '../../../domain/src/shared/actor';
import type { CommandContext } from '../../../domain/src/shared/event';
import { childJobId, jobIdFor } from '../../../domain/src/shared/ids';
import { streams } from '../../../domain/src/shared/streams';
import { coordinationKey, threadIdFor } from '../../../domain/src/thread/keys';
import { executeCommand, toNewEvents } from '../commands/command-executor';
import { allReactors } from '../reactors';
import { ProcessorHost } from './processor-host';
import { ProcessorRunner } from './processor-runner';
import { InMemoryEventStore, tempReadStore } from './testing';

const ctx = (id: string): CommandContext => ({ commandId: id, actor: SYSTEM_ACTOR, correlationId: id, causationId: id, now: '2026-03-01T12:00:00.000Z' });

/**
 * The deepest chain of follow-ups: cancelling a root whose grandchild is running cancels the
 * child (round 1), which cancels the grandchild (round 2), whose running attempt's end is
 * posted on the child's coordination thread (round 3). A settle of the cancel answers only
 * once that message is readable, however late the reactor and the read model are.
 */
describe('settling a cancel cascade three levels deep', () => {
  it('waits for the status the grandchild posts on its parent\'s thread', async () => {
    const events = new InMemoryEventStore();
    const reads = tempReadStore();
    const root = jobIdFor('p', 'root');
    const child = childJobId(root, 1);
    const grand = childJobId(child, 1);
    const childThread = streams.thread(threadIdFor(coordinationKey(child)));
    // The thread-status reactor holds the grandchild's cancel until the settle has read the head
    // twice, and the threads read model trails its thread: both late, as under load.
    let heads = 0;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const late = (p: Projection): Projection => {
      if (p.name === 'reactor:thread-status') {
        const apply: Projection['apply'] = async (e, w) => {
          if (e.streamId === streams.job(grand) && e.type === 'JobCancelled') await gate;
          return p.apply(e, w);
        };
        return { ...p, apply, applyBatch: undefined };
      }
      if (p.name === 'threads') {
        const apply: Projection['apply'] = async (e, w) => {
          if (e.streamId === childThread) await sleep(300);
          return p.apply(e, w);
        };
        return { ...p, apply, applyBatch: undefined };
      }
      return p;
    };
    const runners = [...ALL_PROJECTIONS, ...allReactors(events, 3)].map(late).map((processor) => new ProcessorRunner({ processor, eventStore: events, readStore: reads.store, batchSize: 1 }));
    const counting = Object.assign(Object.create(events) as InMemoryEventStore, {
      headPosition: async () => {
        const head = await events.headPosition();
        if (++heads === 2) open();
        return head;
      },
    });
    const host = new ProcessorHost(counting, runners);
    const append = (job: string, evs: readonly JobEvent[], id: string) => events.append(streams.job(job), toNewEvents(streams.job(job), evs, ctx(id)), 'any');
    for (const [jobId, depth, parentId] of [[root, 1, undefined], [child, 2, root], [grand, 3, child]] as const) {
      if (parentId) await append(parentId, [{ type: 'JobChildAllocated', data: { childId: jobId, n: 1 } } as JobEvent], `a-${jobId}`);
      const created = {
        type: 'JobCreated', data: {
          jobId, projectSlug: 'p', depth, title: jobId, description: 'd', priority: 2, phase: 'ready',
          requiredEvidence: [], allowedEvidence: [], reviewRequired: false, maxAttempts: 3, ...(parentId && { parentId }),
        },
      } as JobEvent;
      await append(jobId, [created], `c-${jobId}`);
    }
    await append(grand, [
      { type: 'JobClaimed', data: { serviceEventId: 'se', attemptNumber: 1, claimant: { kind: 'agent', agentId: 'bot' }, leaseExpiresAt: '2099-01-01T00:00:00.000Z' } } as JobEvent,
      { type: 'ServiceEventStarted', data: { serviceEventId: 'se', startedAt: '2026-03-01T12:00:00.000Z' } } as JobEvent,
    ], 'claim');
    await host.startAll();
    for (const r of runners) await r.waitFor(await events.headPosition(), 5000);
    heads = 0;

    const cancelled = await executeCommand(events, streams.job(root), jobDecider, () => ({ type: 'CancelJob' as const, reason: 'not needed' }), ctx('cancel'), { retries: 3 });
    expect(cancelled.position).not.toBeNull();
    expect(await host.settle(cancelled.position ?? 0n, 10_000, ['JobCancelled'])).toBe(true);
    const messages = (await reads.store.collection<{ _id: string; body: string }>(THREAD_MESSAGES).find({}, { limit: 100 })).items;
    expect(messages.filter((m) => m.body.startsWith(grand))).toHaveLength(1);
    open();
    for (const r of runners) await r.stop();
    await reads.cleanup();
  });
});
