import { SerialByKey } from './serial-by-key';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('SerialByKey', () => {
  it('runs the work of one key one at a time, in the order asked; other keys alongside', async () => {
    const inLine = new SerialByKey();
    const log: string[] = [];
    const releases: (() => void)[] = [];
    const work = (name: string) => () => new Promise<string>((resolve) => {
      log.push(`start ${name}`);
      releases.push(() => { log.push(`end ${name}`); resolve(name); });
    });
    const done = [inLine.run('a', work('a1')), inLine.run('a', work('a2')), inLine.run('b', work('b1'))];
    await tick();
    expect(log).toEqual(['start a1', 'start b1']);
    releases.shift()?.(); // a1
    await tick();
    expect(log).toEqual(['start a1', 'start b1', 'end a1', 'start a2']);
    releases.shift()?.(); // b1
    releases.shift()?.(); // a2
    expect(await Promise.all(done)).toEqual(['a1', 'a2', 'b1']);
  });

  it('goes on after a failure, which reaches only its own caller', async () => {
    const inLine = new SerialByKey();
    const failed = inLine.run('a', () => Promise.reject(new Error('refused')));
    const next = inLine.run('a', async () => 'next');
    await expect(failed).rejects.toThrow('refused');
    await expect(next).resolves.toBe('next');
  });
});
