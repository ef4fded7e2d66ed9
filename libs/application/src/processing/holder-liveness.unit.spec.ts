import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { holderIsGone, holderProcessOf } from './holder-liveness';
import { newHolderId } from './processor-leases';

describe('holderIsGone: a lease holder that certainly no longer runs', () => {
  /** The pid of a process that has run and exited. */
  const exitedPid = (): number => {
    const run = spawnSync(process.execPath, ['-e', '0']);
    expect(run.status).toBe(0);
    return run.pid!;
  };

  it('reads host and pid from a holder id, the host possibly holding colons', () => {
    expect(holderProcessOf(newHolderId())).toEqual({ host: hostname(), pid: process.pid });
    expect(holderProcessOf('fe80::1:4242:0a1b2c3d')).toEqual({ host: 'fe80::1', pid: 4242 });
    expect(['a', 'host:12', 'host:x:0a1b2c3d', 'host:0:0a1b2c3d', ':12:0a1b2c3d', 'host:12:zz'].map(holderProcessOf)).toEqual([null, null, null, null, null, null]);
  });

  it('is true for a process of this host that has exited', () => {
    expect(holderIsGone(`${hostname()}:${exitedPid()}:0a1b2c3d`)).toBe(true);
  });

  it('is false for a process of this host that runs (the parent of this test)', () => {
    expect(holderIsGone(`${hostname()}:${process.ppid}:0a1b2c3d`)).toBe(false);
  });

  it("is false for this process's own pid, whatever the rest: another worker or thread of it may hold the lease", () => {
    expect(holderIsGone(newHolderId())).toBe(false);
    expect(holderIsGone(`${hostname()}:${process.pid}:ffffffff`)).toBe(false);
  });

  it('is false for another host, and for ids of another shape: neither can be told here', () => {
    const pid = exitedPid();
    expect(holderIsGone(`not-${hostname()}:${pid}:0a1b2c3d`)).toBe(false);
    expect(holderIsGone(`${hostname()}:${pid}`)).toBe(false);
    expect(holderIsGone('b')).toBe(false);
  });

  it('judges by whether the pid runs on this host, as the host is asked', () => {
    const here = { host: 'h', pid: 1, runs: (pid: number) => pid === 7 };
    expect([holderIsGone('h:7:0a', here), holderIsGone('h:8:0a', here)]).toEqual([false, true]);
  });
});
