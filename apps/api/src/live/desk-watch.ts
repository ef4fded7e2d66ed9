import type { Position, RecordedEvent } from '../../../../libs/eventstore/src/port';
import { deskConcern } from './desk-interest';

/** What the read model says of one job, for a desk that may have to watch it. */
export type JobLinks = {
  /** The assigned operator's slug; null for an agent or nobody. */
  readonly operator: string | null;
  /** The jobs it is `blocked_by`. */
  readonly blockers: readonly string[];
  /** The jobs `blocked_by` it. */
  readonly blocks: readonly string[];
};

export type DeskWatchReads = {
  /** The operator's jobs that are not done or cancelled, and the blockers of those that are blocked. */
  readonly watchedAtStart: (slug: string) => Promise<readonly string[]>;
  readonly links: (jobId: string) => Promise<JobLinks | null>;
};

/** Waits for the read model to reach a position; false when it did not in time. */
export type Settle = (position: Position) => Promise<boolean>;

/** Events heard while the starting set is read are judged once it is known; past this many the watch gives up. */
const MAX_HEARD_WHILE_STARTING = 10_000;

/**
 * Which events concern one open desk stream (`deskConcern`), with the set of jobs it
 * watches. The set starts from the read model at the stream's head and grows as events
 * bring jobs onto the desk; lookups (the start, a `recheck`) run beside the feed, and while
 * one is under way every job event concerns the desk, since what the lookup would add is not
 * known yet. A lookup that fails or times out leaves the watch blind: every event concerns
 * the desk from then on, as it did before the watch existed — a missed change is worse than a
 * spare re-read.
 */
export class DeskWatch {
  private readonly watched = new Set<string>();
  private state: 'starting' | 'watching' | 'blind' = 'starting';
  private heardWhileStarting: RecordedEvent[] = [];
  private lookups = 0;

  constructor(private readonly slug: string, private readonly reads: DeskWatchReads, private readonly settle: Settle) {}

  /** Reads the starting set once the read model has reached `head` (the position the stream's first read is at). */
  async start(head: Position): Promise<void> {
    try {
      if (!(await this.settle(head))) return this.goBlind();
      for (const id of await this.reads.watchedAtStart(this.slug)) this.watched.add(id);
    } catch {
      return this.goBlind();
    }
    if (this.state !== 'starting') return;
    this.state = 'watching';
    const heard = this.heardWhileStarting;
    this.heardWhileStarting = [];
    for (const event of heard) this.judge(event);
  }

  /** Whether the desk must be re-read after this event; called for every event the stream hears, in order. */
  concerns(event: RecordedEvent): boolean {
    if (this.state === 'blind') return true;
    if (this.state === 'starting') {
      if (this.heardWhileStarting.length >= MAX_HEARD_WHILE_STARTING) this.goBlind();
      else this.heardWhileStarting.push(event);
      return true;
    }
    const changes = this.judge(event);
    return changes || this.lookups > 0;
  }

  private judge(event: RecordedEvent): boolean {
    const concern = deskConcern(this.slug, this.watched, event);
    for (const id of concern.watch) this.watched.add(id);
    if (concern.recheck !== null) this.recheck(concern.recheck, event.position);
    return concern.changes;
  }

  /** A job on this desk is watched with its blockers; a job that blocks one on this desk is watched. */
  private recheck(jobId: string, position: Position): void {
    this.lookups++;
    const lookUp = async () => {
      if (!(await this.settle(position))) return this.goBlind();
      const links = await this.reads.links(jobId);
      if (!links) return;
      if (links.operator === this.slug || this.watched.has(jobId)) for (const id of [jobId, ...links.blockers]) this.watched.add(id);
      if (links.blocks.some((id) => this.watched.has(id))) this.watched.add(jobId);
    };
    lookUp().catch(() => this.goBlind()).finally(() => { this.lookups--; });
  }

  private goBlind(): void {
    this.state = 'blind';
    this.heardWhileStarting = [];
  }
}
