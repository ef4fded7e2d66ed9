import { applyHeapGrowth } from './heap-growth';
import { loadConfig } from './config';

describe('applyHeapGrowth', () => {
  it("sets V8's heap growing percent for the process, and leaves V8's own choice at 0", () => {
    const set: string[] = [];
    applyHeapGrowth(300, (flags) => set.push(flags));
    applyHeapGrowth(0, (flags) => set.push(flags));
    expect(set).toEqual(['--heap-growing-percent=300']);
  });

  it('is 300 % unless JOBLEDGER_HEAP_GROWTH_PERCENT says otherwise (0 … 1000)', () => {
    const env = { JOBLEDGER_DATA_DIR: '/tmp/jobledger-heap-config', JOBLEDGER_JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig(env).heapGrowthPercent).toBe(300);
    expect(loadConfig({ ...env, JOBLEDGER_HEAP_GROWTH_PERCENT: '0' }).heapGrowthPercent).toBe(0);
    expect(() => loadConfig({ ...env, JOBLEDGER_HEAP_GROWTH_PERCENT: '1001' })).toThrow('JOBLEDGER_HEAP_GROWTH_PERCENT');
  });
});
