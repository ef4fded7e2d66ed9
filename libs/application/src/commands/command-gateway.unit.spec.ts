import type { CommandBus } from '@nestjs/cqrs';
import type { Position } from '../../../eventstore/src/port';
import { loadConfig } from '../config/config';
import { Metrics } from '../operations/metrics';
import { CommandGateway, type Settler } from './command-gateway';
import type { CommandResult } from './command-result';
import { ReadLagBound } from './read-lag-bound';

const config = loadConfig({ JOBLEDGER_JWT_SECRET: 'x'.repeat(32), JOBLEDGER_SETTLE_TIMEOUT_MS: '50' });

/** A gateway over a bus that answers `result` and a settler that answers `seen`. */
const gatewayWith = (result: CommandResult<{ jobId: string }>, seen: boolean | 'fails', runsMs = 0) => {
  const asked: Array<{ position: Position; eventTypes?: readonly string[] }> = [];
  const timeouts: number[] = [];
  const settler: Settler = {
    settle: async (position, timeoutMs, eventTypes) => {
      asked.push({ position, eventTypes });
      timeouts.push(timeoutMs);
      if (seen === 'fails') throw new Error('the read store cannot be reached');
      return seen;
    },
    status: () => [],
  };
  // The gateway only dispatches through the bus: a stand-in with that one method is enough.
  const bus = { execute: async () => (await new Promise((resolve) => setTimeout(resolve, runsMs)), result) } as unknown as CommandBus;
  const bound = new ReadLagBound({ settle: async () => new Promise<boolean>(() => undefined), status: () => [] }, { boundMs: 40, maxWaitMs: 2_000 });
  const metrics = new Metrics();
  const settles = async () => (await metrics.settleSeconds.get()).values.find((v) => v.metricName === 'jobledger_command_settle_seconds_count')?.value ?? 0;
  return { gateway: new CommandGateway(bus, settler, config, bound, metrics), bound, asked, settles, timeouts };
};

describe('CommandGateway', () => {
  it("answers after the command's read models settled, and tells the read-lag bound what that settle covered", async () => {
    const { gateway, bound, asked, settles } = gatewayWith({ body: { jobId: 'job-1' }, position: 7n, eventTypes: ['LeaseExtended'] }, true);
    bound.appended(6n, ['LeaseExtended']);
    bound.appended(7n, ['LeaseExtended']);
    bound.appended(8n, ['LeaseExtended']);
    await expect(gateway.execute({})).resolves.toEqual({ jobId: 'job-1', position: '7', settled: true });
    expect(asked).toEqual([{ position: 7n, eventTypes: ['LeaseExtended'] }]);
    expect(bound.waiting).toBe(1); // only the command after it is still counted
    expect(await settles()).toBe(1); // the wait is on /metrics
  });

  it('waits for the settle only what is left of the settle timeout once the command ran (its admission may have waited already)', async () => {
    const quick = gatewayWith({ body: { jobId: 'job-1' }, position: 7n, eventTypes: ['LeaseExtended'] }, true);
    await quick.gateway.execute({});
    expect(quick.timeouts[0]).toBeGreaterThan(0);
    const slow = gatewayWith({ body: { jobId: 'job-1' }, position: 7n, eventTypes: ['LeaseExtended'] }, false, 35);
    await slow.gateway.execute({});
    expect(slow.timeouts[0]).toBeLessThanOrEqual(20); // 50 less the 35 the command took, give or take a timer's rounding
    const late = gatewayWith({ body: { jobId: 'job-1' }, position: 7n, eventTypes: ['LeaseExtended'] }, false, 80);
    await expect(late.gateway.execute({})).resolves.toMatchObject({ settled: false });
    expect(late.timeouts).toEqual([0]);
  });

  it('tells the bound nothing when the settle timed out: the command is durable, its read models may still trail', async () => {
    const { gateway, bound } = gatewayWith({ body: { jobId: 'job-1' }, position: 7n, eventTypes: ['LeaseExtended'] }, false);
    bound.appended(7n, ['LeaseExtended']);
    await expect(gateway.execute({})).resolves.toMatchObject({ position: '7', settled: false });
    expect(bound.waiting).toBe(1);
  });

  it('answers settled: false, not an error, when the settle itself fails: the command is durable', async () => {
    const { gateway, bound } = gatewayWith({ body: { jobId: 'job-1' }, position: 7n, eventTypes: ['LeaseExtended'] }, 'fails');
    bound.appended(7n, ['LeaseExtended']);
    await expect(gateway.execute({})).resolves.toEqual({ jobId: 'job-1', position: '7', settled: false });
    expect(bound.waiting).toBe(1);
  });

  it('does not settle a command that appended nothing', async () => {
    const { gateway, asked, settles } = gatewayWith({ body: { jobId: 'job-1' }, position: null }, true);
    await expect(gateway.execute({})).resolves.toEqual({ jobId: 'job-1', position: null, settled: true });
    expect(asked).toEqual([]);
    expect(await settles()).toBe(0);
  });
});
