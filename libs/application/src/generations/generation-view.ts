import type { Position } from '../../../eventstore/src/port';
import type { BatchFence, Doc, IndexSpec, ProjectionWriter, ReadCollection, ReadStore } from '../../../readstore/src/port';
import { DelegatingReadStore } from '../../../readstore/src/delegating-read-store';
import type { Projection } from '../../../../projections/projection';
import { loadGeneration } from './generation-store';
import { adoptBuildCheckpoint } from './switch';
import { buildCheckpointName, physicalName } from './naming';

export type ViewRole = 'live' | 'build';

/** The projection's writes, under logical names, sent to the physical collections of one generation. */
class GenerationWriter implements ProjectionWriter {
  constructor(private readonly inner: ProjectionWriter, private readonly physical: (name: string) => string) {}
  get<T extends Doc>(collection: string, id: string): Promise<T | null> {
    return this.inner.get<T>(this.physical(collection), id);
  }
  put(collection: string, doc: Doc): void {
    this.inner.put(this.physical(collection), doc);
  }
  delete(collection: string, id: string): void {
    this.inner.delete(this.physical(collection), id);
  }
}

/**
 * The read store as one projection's runner sees it: its collections are those of one
 * generation, and its checkpoint is the live one (the processor's name) or the build's.
 * Everything else passes through. The live view's generation changes at a switch, while its
 * runner is paused.
 */
export class GenerationView extends DelegatingReadStore {
  private readonly owned: ReadonlySet<string>;
  private readonly name: string;
  /** Syncs begun: only the latest may set the generation (an earlier one may answer later). */
  private syncs = 0;

  constructor(
    inner: ReadStore,
    projection: Projection,
    private generationNumber: number,
    private readonly role: ViewRole,
  ) {
    super(inner);
    this.owned = new Set(projection.collections.map((c) => c.name));
    this.name = projection.name;
  }

  get generation(): number {
    return this.generationNumber;
  }

  /**
   * The live view follows the stored active generation each time its runner starts (a
   * worker's first start, a resume after a switch, a takeover from another worker), and
   * finishes a switch a crash interrupted: the built generation's checkpoint becomes the live one.
   */
  private async sync(): Promise<void> {
    if (this.role !== 'live') return;
    const mine = ++this.syncs;
    const { active } = await loadGeneration(this.inner, this.name);
    await adoptBuildCheckpoint(this.inner, this.name, active);
    if (mine === this.syncs) this.generationNumber = active; // a later sync (a later start) read later
  }

  physical = (logical: string): string => (this.owned.has(logical) ? physicalName(logical, this.generationNumber) : logical);

  private checkpoint(name: string): string {
    return this.role === 'build' ? buildCheckpointName(name, this.generationNumber) : name;
  }

  /** A runner's start begins here, so this is where the live view syncs (see `sync`). */
  override async ensureCollection(name: string, indexes: readonly IndexSpec[]): Promise<void> {
    await this.sync();
    await this.inner.ensureCollection(this.physical(name), indexes);
  }
  override collection<T extends Doc = Doc>(name: string): ReadCollection<T> {
    return this.inner.collection<T>(this.physical(name));
  }
  override applyBatch(checkpointName: string, position: Position, work: (writer: ProjectionWriter) => Promise<void>, fence?: BatchFence): Promise<void> {
    return this.inner.applyBatch(this.checkpoint(checkpointName), position, (writer) => work(new GenerationWriter(writer, this.physical)), fence);
  }
  override getCheckpoint(name: string): Promise<Position | null> {
    return this.inner.getCheckpoint(this.checkpoint(name));
  }
  override reset(checkpointName: string, collections: readonly string[], fence?: BatchFence): Promise<void> {
    return this.inner.reset(this.checkpoint(checkpointName), collections.map(this.physical), fence);
  }
  override dropCollection(name: string): Promise<void> {
    return this.inner.dropCollection(this.physical(name));
  }
  /** The view owns nothing: the store is closed by whoever opened it. */
  override async close(): Promise<void> {}
}
