import { isStuck } from './stuck';

const leases = { agent: 300, operator: 8 * 3600 };
const now = new Date('2026-03-02T12:00:00.000Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();
const job = (phase: string, lastActivityAt: string, kind: 'agent' | 'operator') => ({
  phase, lastActivityAt, currentServiceEventId: 'se-1',
  attempts: [{ serviceEventId: 'se-1', claimant: kind === 'agent' ? { kind, agentId: 'a1' } as const : { kind, slug: 'ana' } as const }],
});

describe('stuck', () => {
  it('is an active job silent for longer than its claimant\'s lease', () => {
    expect(isStuck(job('active', minutesAgo(6), 'agent'), now, leases)).toBe(true);
    expect(isStuck(job('active', minutesAgo(4), 'agent'), now, leases)).toBe(false);
    expect(isStuck(job('active', minutesAgo(6), 'operator'), now, leases)).toBe(false);
    expect(isStuck(job('active', minutesAgo(9 * 60), 'operator'), now, leases)).toBe(true);
  });

  it('is never a job that is not active', () => {
    expect(isStuck(job('ready', minutesAgo(600), 'agent'), now, leases)).toBe(false);
  });
});
