import { Logger } from '@nestjs/common';
import { type EventStore, type Position, START_POSITION } from '../../../eventstore/src/port';
import type { ReadStore } from '../../../readstore/src/port';
import type { Projection } from '../../../../projections/projection';
import { ProcessorRunner } from '../processing/processor-runner';
import { isPending, type GenerationDoc, type RebuildRequestDoc } from './documents';
import { loadGeneration, loadRebuildRequest, saveGeneration } from './generation-store';
import { GenerationView } from './generation-view';
import { nextGeneration, physicalName } from './naming';
import { buildProgress } from './progress';

/** A projection as this worker runs it: its live runner writes through the live view. */
export type HostedProjection = { readonly projection: Projection; readonly runner: ProcessorRunner; readonly view: GenerationView };

/** Wraps the store a projection's runner writes through (a worker fences it with its lease). */
export type StoreWrapper = (store: ReadStore, projection: string) => ReadStore;
const unwrapped: StoreWrapper = (store) => store;

/**
 * Live runners for projections, each writing to its active generation. The view sits on the
 * wrapped store, not under it: what the view writes itself (the checkpoint it adopts at a
 * switch) is then fenced like the runner's batches.
 */
export const hostProjections = (projections: readonly Projection[], eventStore: EventStore, readStore: ReadStore, wrap: StoreWrapper = unwrapped): HostedProjection[] =>
  projections.map((projection) => {
    const view = new GenerationView(wrap(readStore, projection.name), projection, 1, 'live');
    return { projection, view, runner: new ProcessorRunner({ processor: projection, eventStore, readStore: view }) };
  });

export type RebuildCoordinatorOptions = {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly projections: readonly HostedProjection[];
  /** The same wrapper the live runners were given: a build, and every write about it (its start, progress, switch, drop), is made under the same conditions. */
  readonly wrap?: StoreWrapper;
  /** How often stored rebuild requests and builds are looked at. */
  readonly pollMs: number;
  /** How long a retired generation is kept after a switch: longer than other processes cache the active one. */
  readonly dropGraceMs: number;
  /** Called after a switch: this process's readers move at once. */
  readonly onSwitch?: (projection: string, generation: number) => void;
  readonly now?: () => number;
};

/** How long the live runner may stay paused while the build reaches what it had seen (normally a batch or two). */
const SWITCH_WAIT_MS = 5000;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Blue-green rebuilds, run by the worker that runs the projection. A rebuild request is a
 * document in the read store (any API process may write it); this worker picks it up,
 * builds a new generation from position zero beside the live one — which keeps serving
 * and keeps being updated — and, once the new generation has caught up, pauses the live
 * runner, lets the build reach everything the live one had seen, makes the new generation
 * active in one document write and resumes the live runner on it. The retired generation
 * is dropped after a grace period. A build interrupted by a crash or a stop is resumed from
 * its own checkpoint by whichever worker runs the projection next.
 */
export class RebuildCoordinator {
  private readonly logger = new Logger('rebuild');
  private readonly now: () => number;
  private readonly builds = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private stopping = false;

  constructor(private readonly options: RebuildCoordinatorOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (this.timer) return;
    this.stopping = false;
    this.timer = setInterval(() => void this.tick(), this.options.pollMs);
    this.timer.unref();
    void this.tick();
  }

  /** Stops looking and interrupts builds (each resumes from its checkpoint at the next start). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
    await Promise.all(this.builds.values());
  }

  /** One look at every projection this worker runs; never two at once. */
  tick(): Promise<void> {
    this.ticking ??= this.look()
      .catch((e: unknown) => this.logger.error(`rebuild coordinator: ${errorText(e)}`))
      .finally(() => (this.ticking = null));
    return this.ticking;
  }

  private async look(): Promise<void> {
    for (const hosted of this.options.projections) {
      const name = hosted.projection.name;
      // Only the worker whose live runner runs the projection builds it.
      if (this.stopping || this.builds.has(name) || !hosted.runner.status().running) continue;
      const generation = await loadGeneration(this.options.readStore, name);
      if (generation.build) {
        this.launch(hosted, generation);
        continue;
      }
      const request = await loadRebuildRequest(this.options.readStore, name);
      if (isPending(request, generation)) this.launch(hosted, await this.begin(hosted, generation, request));
      else if (this.retiredExpired(generation)) await this.dropRetired(hosted, generation);
    }
  }

  private async begin(hosted: HostedProjection, generation: GenerationDoc, request: RebuildRequestDoc): Promise<GenerationDoc> {
    const { eventStore } = this.options;
    const store = this.writable(hosted.projection.name);
    const next = nextGeneration([generation.active, ...generation.retired]);
    // Nothing of a generation number survives from before (it was never used), but be sure.
    const view = new GenerationView(store, hosted.projection, next, 'build');
    await view.reset(hosted.projection.name, hosted.projection.collections.map((c) => c.name));
    const head = await eventStore.headPosition();
    this.logger.log(`${hosted.projection.name}: building generation ${next} up to position ${head}`);
    return saveGeneration(store, {
      ...generation,
      build: { generation: next, requestId: request.requestId, startedAt: new Date(this.now()).toISOString(), targetPosition: head.toString(), position: START_POSITION.toString(), progress: 0 },
    });
  }

  private launch(hosted: HostedProjection, generation: GenerationDoc): void {
    const name = hosted.projection.name;
    const build = this.build(hosted, generation)
      .catch((e: unknown) => this.logger.error(`${name}: rebuild interrupted (it resumes from its checkpoint): ${errorText(e)}`))
      .finally(() => this.builds.delete(name));
    this.builds.set(name, build);
  }

  private async build(hosted: HostedProjection, generation: GenerationDoc): Promise<void> {
    const { eventStore, pollMs } = this.options;
    const state = generation.build;
    if (!state) return;
    const runner = new ProcessorRunner({
      processor: hosted.projection,
      eventStore,
      readStore: new GenerationView(this.writable(hosted.projection.name), hosted.projection, state.generation, 'build'),
    });
    await runner.start();
    let doc = generation;
    try {
      for (;;) {
        if (this.stopping || !hosted.runner.status().running) return; // resumed later, by whoever runs the projection
        if (await runner.waitFor(await eventStore.headPosition(), pollMs)) break;
        doc = await this.report(doc, runner);
      }
      await this.switchOver(hosted, runner, doc);
    } finally {
      await runner.stop();
    }
  }

  private report(doc: GenerationDoc, runner: ProcessorRunner): Promise<GenerationDoc> {
    const state = doc.build;
    if (!state) return Promise.resolve(doc);
    const position = BigInt(runner.status().seenPosition);
    const progress = buildProgress(position, BigInt(state.targetPosition));
    return saveGeneration(this.writable(doc._id), { ...doc, build: { ...state, position: position.toString(), progress } });
  }

  /**
   * The switch: the live runner pauses (after its batch in hand), the build reaches what the
   * live runner had seen — so a command that waited for its read model still sees its write
   * after the switch — then one write makes the new generation active, and the live runner
   * resumes on it (its view follows the stored generation; see GenerationView).
   */
  private async switchOver(hosted: HostedProjection, build: ProcessorRunner, doc: GenerationDoc): Promise<void> {
    const state = doc.build;
    if (!state) return;
    const { pollMs } = this.options;
    const name = hosted.projection.name;
    await hosted.runner.restartWith(async () => {
      const seen: Position = BigInt(hosted.runner.status().seenPosition);
      // The live runner is paused meanwhile: a build that cannot get there (failing) must not
      // hold it. Giving up resumes the live runner unchanged; the build goes on and tries again.
      const giveUpAt = this.now() + Math.max(SWITCH_WAIT_MS, 10 * pollMs);
      while (!(await build.waitFor(seen, pollMs))) {
        if (this.stopping || this.now() > giveUpAt) throw new Error(`the build did not reach position ${seen} in time; the switch is retried`);
      }
      await build.stop();
      // Fenced: a worker that lost the lease meanwhile must not switch over its successor's work.
      await saveGeneration(this.writable(name), {
        ...doc,
        active: state.generation,
        build: null,
        retired: [...doc.retired, hosted.view.generation],
        lastRebuild: { requestId: state.requestId, generation: state.generation, startedAt: state.startedAt, switchedAt: new Date(this.now()).toISOString() },
      });
      this.options.onSwitch?.(name, state.generation);
    });
    this.logger.log(`${name}: generation ${state.generation} is live`);
  }

  private retiredExpired(generation: GenerationDoc): boolean {
    const switchedAt = generation.lastRebuild ? Date.parse(generation.lastRebuild.switchedAt) : -Infinity;
    return generation.retired.length > 0 && this.now() - switchedAt >= this.options.dropGraceMs;
  }

  private async dropRetired(hosted: HostedProjection, generation: GenerationDoc): Promise<void> {
    const store = this.writable(hosted.projection.name);
    for (const retired of generation.retired) {
      if (retired === generation.active) continue; // never, whatever the document says
      for (const collection of hosted.projection.collections) await store.dropCollection(physicalName(collection.name, retired));
    }
    await saveGeneration(store, { ...generation, retired: [] });
  }

  /**
   * The store as this worker may write a projection's generations and builds through: wrapped
   * as its live runner's is (a worker fences it with the projection's lease), so one that lost
   * the lease can neither reset, record, switch nor drop over its successor's work.
   */
  private writable(projection: string): ReadStore {
    return (this.options.wrap ?? unwrapped)(this.options.readStore, projection);
  }
}
