import { deriveId } from '../../../domain/src/shared/ids';
import type { RecordedEvent } from '../../../eventstore/src/port';
import type { Doc, ReadStore } from '../../../readstore/src/port';
import type { Processor } from './processor';
import { ProcessorHost } from './processor-host';
import { ProcessorRunner } from './processor-runner';
import { InMemoryEventStore } from './testing/in-memory-event-store';
import { newEvent } from './testing/new-event';
import { tempReadStore } from '../../../readstore/src/sqlite/testing/temp-read-store';

/*
 * A miniature of SPEC §3: completing work seals a record (reactor), sealing emits a
 * signal (reactor), and a board projection shows all three. A command that waits for
 * `settle` can answer with the record and the signal already visible.
 */
const jobOf = (event: RecordedEvent): string => (event.data as { job: string }).job;

type ReactorSpec = { name: string; on: string; emits: string; category: string; before?: () => Promise<void> };

const reactor = ({ name, on, emits, category, before }: ReactorSpec, events: InMemoryEventStore): Processor => ({
  name,
  collections: [],
  eventTypes: [on],
  appendsFollowUps: true,
  // Derived event id + no_stream: a redelivered trigger appends nothing new.
  apply: async (event) => {
    await before?.();
    await events.append(`${category}-${jobOf(event)}`, [newEvent(emits, { job: jobOf(event) }, deriveId(event.id, name))], 'no_stream');
  },
});

const board: Processor = {
  name: 'board',
  collections: [{ name: 'board', indexes: [] }],
  eventTypes: ['WorkCompleted', 'RecordSealed', 'SignalEmitted'],
  apply: async (event, writer) => {
    // Slower than the reactors (it yields a macrotask), so settle has to really wait for it.
    if (event.type === 'SignalEmitted') await new Promise((resolve) => setImmediate(resolve));
    const current = await writer.get<Doc & { steps: string[] }>('board', jobOf(event));
    writer.put('board', { _id: jobOf(event), steps: [...(current?.steps ?? []), event.type] });
  },
};

describe('ProcessorHost', () => {
  let events: InMemoryEventStore;
  let read: ReadStore;
  let cleanup: () => Promise<void>;
  let host: ProcessorHost;
  /** Holds the signaller back until released (default: never held). */
  let signallerGate: Promise<void>;

  const runner = (processor: Processor): ProcessorRunner => new ProcessorRunner({ processor, eventStore: events, readStore: read });

  beforeEach(async () => {
    events = new InMemoryEventStore();
    ({ store: read, cleanup } = tempReadStore());
    signallerGate = Promise.resolve();
    host = new ProcessorHost(events, [
      runner(reactor({ name: 'sealer', on: 'WorkCompleted', emits: 'RecordSealed', category: 'record' }, events)),
      runner(reactor({ name: 'signaller', on: 'RecordSealed', emits: 'SignalEmitted', category: 'signal', before: () => signallerGate }, events)),
      runner(board),
    ]);
    await host.startAll();
  });
  afterEach(async () => {
    await host.stopAll();
    await events.close();
    await cleanup();
  });

  it('settles a command only once its follow-ups (record, signal) are visible', async () => {
    // Worst case made certain: the signal is appended only after settle first read the
    // head, so one follow-up round would see the record but answer before the signal.
    let release!: () => void;
    signallerGate = new Promise<void>((resolve) => (release = resolve));
    const readHead = events.headPosition.bind(events);
    jest.spyOn(events, 'headPosition').mockImplementation(async () => {
      const head = await readHead();
      release();
      return head;
    });
    const { position } = await events.append('job-1', [newEvent('WorkCompleted', { job: 'job-1' })], 'no_stream');
    await expect(host.settle(position, 5000)).resolves.toBe(true);
    await expect(read.collection('board').get('job-1')).resolves.toEqual({ _id: 'job-1', steps: ['WorkCompleted', 'RecordSealed', 'SignalEmitted'] });
    await expect(events.headPosition()).resolves.toBe(2n);
  });

  it('settles at once when every processor has already seen the position', async () => {
    const { position } = await events.append('job-2', [newEvent('Unrelated', { job: 'job-2' })], 'no_stream');
    await expect(host.settle(position, 5000)).resolves.toBe(true);
    await expect(host.settle(position, 0)).resolves.toBe(true);
  });

  it('reports false when a processor cannot get there in time', async () => {
    const stuck = runner({ ...board, name: 'stuck', apply: async () => Promise.reject(new Error('down')) });
    host.add(stuck);
    await stuck.start();
    const { position } = await events.append('job-3', [newEvent('WorkCompleted', { job: 'job-3' })], 'no_stream');
    await expect(host.settle(position, 50)).resolves.toBe(false);
    expect(host.status().find((s) => s.name === 'stuck')).toMatchObject({ position: '-1', caughtUp: false, lastError: 'Error: down' });
  });

  it('waits only for the processors that handle the command’s events', async () => {
    const stuck = runner({ ...board, name: 'stuck', eventTypes: ['Blocked'], apply: async () => Promise.reject(new Error('down')) });
    const pings = runner({ ...board, name: 'pings', eventTypes: ['Ping'] });
    host.add(stuck);
    host.add(pings);
    await Promise.all([stuck.start(), pings.start()]);
    await events.append('job-5', [newEvent('Blocked', { job: 'job-5' })], 'no_stream');
    const { position } = await events.append('job-6', [newEvent('Ping', { job: 'job-6' })], 'no_stream');
    await expect(host.settle(position, 2000, ['Ping'])).resolves.toBe(true);
    await expect(read.collection('board').get('job-6')).resolves.toEqual({ _id: 'job-6', steps: ['Ping'] });
    await expect(host.settle(position, 50)).resolves.toBe(false); // without types: everyone, stuck included
  });

  it('given the types of a reactor trigger, still waits for its follow-ups', async () => {
    const { position } = await events.append('job-7', [newEvent('WorkCompleted', { job: 'job-7' })], 'no_stream');
    await expect(host.settle(position, 5000, ['WorkCompleted'])).resolves.toBe(true);
    await expect(read.collection('board').get('job-7')).resolves.toEqual({ _id: 'job-7', steps: ['WorkCompleted', 'RecordSealed', 'SignalEmitted'] });
  });

  it('without follow-ups, answers once the trigger is seen, while a follow-up is still held back', async () => {
    let release!: () => void;
    signallerGate = new Promise<void>((resolve) => (release = resolve));
    const { position } = await events.append('job-8', [newEvent('WorkCompleted', { job: 'job-8' })], 'no_stream');
    await expect(host.settle(position, 5000, ['WorkCompleted'], false)).resolves.toBe(true);
    await expect(read.collection('board').get('job-8')).resolves.toMatchObject({ steps: expect.arrayContaining(['WorkCompleted']) });
    expect((await events.readStream('record-job-8')).map((e) => e.type)).toEqual(['RecordSealed']); // its reactor was waited for
    await expect(host.settle(position, 100, ['WorkCompleted'])).resolves.toBe(false); // the signal is not there yet
    release();
    await expect(host.settle(position, 5000, ['WorkCompleted'])).resolves.toBe(true);
  });

  it('without follow-ups, still waits for the reactors of the command\'s events, a stuck one too', async () => {
    const stuck = runner({ ...reactor({ name: 'stuck-sealer', on: 'WorkCompleted', emits: 'Never', category: 'never' }, events), apply: async () => Promise.reject(new Error('down')) });
    host.add(stuck);
    await stuck.start();
    const { position } = await events.append('job-9', [newEvent('WorkCompleted', { job: 'job-9' })], 'no_stream');
    await expect(host.settle(position, 100, ['WorkCompleted'], false)).resolves.toBe(false);
    await expect(read.collection('board').get('job-9')).resolves.toMatchObject({ steps: expect.arrayContaining(['WorkCompleted']) });
  });

  it('lists every runner in status and refuses two with one name', () => {
    expect(host.status().map((s) => s.name)).toEqual(['sealer', 'signaller', 'board']);
    expect(() => host.add(runner(board))).toThrow('already hosted');
  });
});
