import type { Database } from 'better-sqlite3';

/**
 * Another writer to the event store's file whose writes ride in the store's group commits,
 * ahead of the group's appends: what it has staged is durable with, or before, every append
 * committed after it staged it, at the cost of no fsync of its own (see InlineBlobStore).
 */
export interface CommitParticipant {
  /** True while something staged awaits a commit (a group then commits even without appends). */
  hasWork(): boolean;
  /**
   * Writes what is staged, inside the group's transaction and before its appends; throwing
   * fails the whole group, so nothing of it is written and the staged work stays for the next.
   * Returns what to run once the group is committed (to let go of what it wrote).
   */
  write(): (() => void) | null;
}

/** A participant's handle on the store it joined. */
export type CommitLink = {
  /** Asks for a group commit soon (at the end of this turn of the event loop), appends or not. */
  requestCommit(): void;
};

/** Makes the participant, given the store's own connection (to prepare statements on it). */
export type JoinCommits = (attach: (db: Database) => CommitParticipant) => CommitLink;
