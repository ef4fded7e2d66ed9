/** What GET /admin/projections answers (see libs/application/src/operations/projection-operations.ts). */
export type RebuildView = { id: string; state: 'requested' | 'building'; generation: number | null; progress: number };
/** What POST /admin/projections/:name/rebuild answers: the projection's own name with the rebuild. */
export type RequestedRebuild = RebuildView & { name: string };
export type ProcessorRow = {
  name: string;
  kind: 'projection' | 'reactor';
  state: string;
  checkpoint: string | null;
  generation: number | null;
  lag: { events: number; capped: boolean; oldestUnprocessedMs: number; p50Ms: number | null; p99Ms: number | null };
  rebuild: RebuildView | null;
  lastRebuild: { requestId: string; generation: number; switchedAt: string } | null;
};
export type ProjectionsReport = { headPosition: string; processors: ProcessorRow[] };
