export const METRICS = 'metrics';
export const METRICS_JOBS = 'metrics_jobs';

/** Durations kept for the median: the most recent ones, so a document stays small however old the ledger. */
export const MAX_DURATIONS = 1000;

/**
 * What accumulates over time, per scope (`global`, `project:{slug}`). Counts by phase are not
 * kept here: they are counted from the `jobs` read model when asked, which is always exact.
 */
export type MetricsDoc = {
  readonly _id: string;
  readonly projectSlug: string | null;
  /** Records sealed per UTC day of completion (`YYYY-MM-DD` → count): completed, approved or forced. */
  readonly completedPerDay: Readonly<Record<string, number>>;
  /** Seconds from the claim of the completed ServiceEvent to its completion, oldest first (forced records excluded). */
  readonly claimToCompleteSeconds: readonly number[];
  readonly records: number;
  /** Records whose evidence covers every category the job required. */
  readonly compliantRecords: number;
  readonly forcedRecords: number;
  readonly signals: number;
  readonly updatedAt: string;
  readonly lastPosition: string;
};

/** Per job, what a record needs to be measured: the required evidence and when each ServiceEvent was claimed. */
export type MetricsJobDoc = {
  readonly _id: string;
  readonly projectSlug: string;
  readonly requiredEvidence: readonly string[];
  readonly claims: Readonly<Record<string, string>>;
  /**
   * When each ServiceEvent was submitted for review, which ends its attempt (SPEC §2). Its record
   * is sealed at the approval and says so; the work ended here. Absent in documents projected
   * before it was kept (a rebuild of `metrics` fills it).
   */
  readonly submissions?: Readonly<Record<string, string>>;
  readonly lastPosition: string;
};

export const scopesOf = (projectSlug: string): string[] => ['global', `project:${projectSlug}`];

export const emptyMetrics = (_id: string, at: string): MetricsDoc => ({
  _id, projectSlug: _id.startsWith('project:') ? _id.slice('project:'.length) : null, completedPerDay: {}, claimToCompleteSeconds: [],
  records: 0, compliantRecords: 0, forcedRecords: 0, signals: 0, updatedAt: at, lastPosition: '-1',
});

/** The median of durations (the mean of the middle two for an even count); null when there are none. */
export const median = (values: readonly number[]): number | null => {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
