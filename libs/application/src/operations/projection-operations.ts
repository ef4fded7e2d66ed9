import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { conflict, notFound, ruleViolated } from '../../../domain/src/shared/errors';
import { EVENT_STORE, type EventStore, type Position, START_POSITION } from '../../../eventstore/src/port';
import { READ_STORE, type ReadStore } from '../../../readstore/src/port';
import { ALL_PROJECTIONS } from '../../../../projections';
import { requireRole } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { SETTLER, type Settler } from '../commands/command-gateway';
import { CONFIG, type JobledgerConfig } from '../config/config';
import { isPending, type FinishedRebuild, type GenerationDoc, type RebuildRequestDoc } from '../generations/documents';
import { loadGeneration, loadRebuildRequest, saveRebuildRequest } from '../generations/generation-store';
import { standingRefusals } from '../processing/log-loss-refusals';
import { allReactors } from '../reactors';
import { eventLag, processorState, type EventLag, type ProcessorKind, type ProcessorState } from './processor-state';

/**
 * Unprocessed events are counted up to this many per processor: enough to tell "a little" from
 * "a lot", cheap enough for every health probe. They are read whole on the API thread, for each
 * of the processors: at 1,000 a probe of an instance catching up (every processor behind) read
 * 19,000 events, 0.15–0.7 s during which every other request waited.
 */
export const LAG_COUNT_CAP = 100;

export type RebuildView = {
  readonly id: string;
  readonly state: 'requested' | 'building';
  readonly requestedAt: string | null;
  readonly startedAt: string | null;
  readonly generation: number | null;
  readonly progress: number;
  readonly position: string | null;
  readonly targetPosition: string | null;
};

export type ProcessorReport = {
  readonly name: string;
  readonly kind: ProcessorKind;
  readonly state: ProcessorState;
  readonly checkpoint: string | null;
  /** The generation readers use (projections only). */
  readonly generation: number | null;
  readonly lag: EventLag & { readonly p50Ms: number | null; readonly p99Ms: number | null };
  readonly rebuild: RebuildView | null;
  readonly lastRebuild: FinishedRebuild | null;
};

export type ProjectionsReport = { readonly headPosition: string; readonly processors: readonly ProcessorReport[] };

type Known = { readonly name: string; readonly kind: ProcessorKind; readonly eventTypes: readonly string[]; readonly readModels: readonly string[] };

/** What a rebuild request answers: the rebuild, and the projection's own name (the request may have named one of its read models). */
export type RequestedRebuild = RebuildView & { readonly name: string };

const rebuildView = (generation: GenerationDoc, request: RebuildRequestDoc | null): RebuildView | null => {
  const build = generation.build;
  if (build) {
    return {
      id: build.requestId, state: 'building', requestedAt: request?.requestId === build.requestId ? request.requestedAt : null, startedAt: build.startedAt,
      generation: build.generation, progress: build.progress, position: build.position, targetPosition: build.targetPosition,
    };
  }
  if (!isPending(request, generation)) return null;
  return { id: request.requestId, state: 'requested', requestedAt: request.requestedAt, startedAt: null, generation: null, progress: 0, position: null, targetPosition: null };
};

/**
 * Status and rebuilds of every projection and reactor, from what any process can see: the
 * log, the stored checkpoints and generations, and — where the processor runs in this
 * process — its runner's own figures (lag percentiles, errors).
 */
@Injectable()
export class ProjectionOperations {
  private readonly known: readonly Known[];

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(SETTLER) private readonly settler: Settler,
    @Inject(CONFIG) config: JobledgerConfig,
  ) {
    this.known = [
      ...ALL_PROJECTIONS.map((p) => ({ name: p.name, kind: 'projection' as const, eventTypes: p.eventTypes, readModels: p.collections.map((c) => c.name) })),
      ...allReactors(events, config.commandRetries).map((r) => ({ name: r.name, kind: 'reactor' as const, eventTypes: r.eventTypes, readModels: [] })),
    ];
  }

  /** For operators and probes; `principal` is checked when a caller is named (admin or auditor). */
  async report(principal?: Principal): Promise<ProjectionsReport> {
    if (principal) requireRole(principal, 'auditor');
    const head = await this.events.headPosition();
    const local = new Map(this.settler.status().map((s) => [s.name, s]));
    const checkpoints = new Map(await Promise.all(this.known.map(async (k) => [k.name, await this.reads.getCheckpoint(k.name)] as const)));
    const refused = await standingRefusals(this.reads, checkpoints);
    const processors = await Promise.all(this.known.map((known) => this.reportOne(known, checkpoints.get(known.name) ?? null, refused.has(known.name), local.get(known.name))));
    return { headPosition: head.toString(), processors };
  }

  /** `asked` names a projection, or a read model one builds (SPEC §4's `trust_signals` is built by `trust-signals`). */
  async requestRebuild(principal: Principal, asked: string): Promise<RequestedRebuild> {
    requireRole(principal);
    const known = this.known.find((k) => k.name === asked) ?? this.known.find((k) => k.readModels.includes(asked));
    if (!known) throw notFound('PROJECTION_NOT_FOUND', `no projection named ${asked}, nor one building a read model of that name`, { known: this.known.filter((k) => k.kind === 'projection').map((k) => k.name) });
    const name = known.name;
    if (known.kind === 'reactor') {
      throw ruleViolated('REACTOR_NOT_REBUILDABLE', `${name} is a reactor: its effects are events, which a rebuild would not undo; it resumes from its checkpoint on its own`);
    }
    // A blue-green rebuild is built beside a projection that runs: asked of one that is refused,
    // it would be waited for until the caller gave up.
    if ((await standingRefusals(this.reads, new Map([[name, await this.reads.getCheckpoint(name)]]))).has(name)) {
      throw conflict('PROJECTION_REFUSED', `${name} does not run: its checkpoint lies beyond the log's head (read models newer than the log), and a rebuild is built beside a running projection; stop, delete the read models and start again (docs/operations.md, "Backup and restore")`);
    }
    const generation = await loadGeneration(this.reads, name);
    const current = rebuildView(generation, await loadRebuildRequest(this.reads, name));
    if (current) return { name, ...current }; // one rebuild at a time: a repeat joins the one under way
    const request = await saveRebuildRequest(this.reads, name, { requestId: randomUUID(), requestedAt: new Date().toISOString(), requestedBy: principal.sub });
    return { name, ...(rebuildView(generation, request) as RebuildView) };
  }

  private async reportOne(known: Known, checkpoint: Position | null, refused: boolean, local: ReturnType<Settler['status']>[number] | undefined): Promise<ProcessorReport> {
    const unprocessed = await this.events.readAll({ fromPosition: checkpoint ?? START_POSITION, maxCount: LAG_COUNT_CAP, filter: { eventTypes: known.eventTypes } });
    const lag = eventLag(unprocessed, LAG_COUNT_CAP, Date.now());
    const isProjection = known.kind === 'projection';
    const generation = isProjection ? await loadGeneration(this.reads, known.name) : null;
    const rebuild = generation ? rebuildView(generation, await loadRebuildRequest(this.reads, known.name)) : null;
    return {
      name: known.name,
      kind: known.kind,
      state: processorState(local, lag, rebuild !== null, refused),
      checkpoint: checkpoint === null ? null : checkpoint.toString(),
      generation: generation?.active ?? null,
      lag: { ...lag, p50Ms: local?.lagP50Ms ?? null, p99Ms: local?.lagP99Ms ?? null },
      rebuild,
      lastRebuild: generation?.lastRebuild ?? null,
    };
  }
}
