import { hostname } from 'node:os';

/** Whether a process of this machine runs: signal 0 checks without sending (EPERM: it runs as another user). */
const runs = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export type HolderProcess = { readonly host: string; readonly pid: number };

/** The host and pid of a `newHolderId` (`host:pid:random`), or null for any other shape. */
export const holderProcessOf = (holder: string): HolderProcess | null => {
  const m = /^(.+):(\d+):[0-9a-f]+$/.exec(holder);
  if (!m) return null;
  const pid = Number(m[2]);
  return Number.isSafeInteger(pid) && pid > 0 ? { host: m[1], pid } : null;
};

/**
 * True only when a lease's holder certainly no longer runs: a process of this host whose pid
 * runs nothing now. A restart after a crash then takes its own leases at once instead of
 * waiting for them to lapse. Anything it cannot tell is "may run", and the lease lapses as
 * before: another host's holder; this very process's pid (another thread or worker of it, or a
 * container's pid 1 again); a pid reused by an unrelated process.
 *
 * Sound only where every holder of the leases runs on this host, as with a SQLite read store,
 * which cannot be shared across machines. Two machines sharing a MongoDB under one hostname
 * would take each other's live leases in turn, so it is not used there.
 */
export const holderIsGone = (holder: string, here: { host: string; pid: number; runs: (pid: number) => boolean } = { host: hostname(), pid: process.pid, runs }): boolean => {
  const of = holderProcessOf(holder);
  return of !== null && of.host === here.host && of.pid !== here.pid && !here.runs(of.pid);
};
