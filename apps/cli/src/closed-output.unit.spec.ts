import { EventEmitter } from 'node:events';
import { endOnClosedOutput, EXIT_OUTPUT_CLOSED, stopOnClosedOutput } from './closed-output';

const failure = (code: string) => Object.assign(new Error(`write ${code}`), { code });

describe('a closed standard output', () => {
  it('ends the CLI with 141 when the reader went away (EPIPE)', () => {
    const stdout = new EventEmitter();
    const exit = jest.fn();
    endOnClosedOutput(stdout, exit);
    stdout.emit('error', failure('EPIPE'));
    expect(exit).toHaveBeenCalledWith(EXIT_OUTPUT_CLOSED);
    expect(EXIT_OUTPUT_CLOSED).toBe(141);
  });

  it('leaves any other write failure thrown', () => {
    const stdout = new EventEmitter();
    const exit = jest.fn();
    endOnClosedOutput(stdout, exit);
    expect(() => stdout.emit('error', failure('EIO'))).toThrow('write EIO');
    expect(exit).not.toHaveBeenCalled();
  });

  describe('under serve', () => {
    const serving = (stop: () => Promise<void>) => {
      const stdout = new EventEmitter();
      const ended = jest.fn();
      endOnClosedOutput(stdout, ended); // as the CLI registers it before any verb runs
      const exit = jest.fn();
      stopOnClosedOutput(stdout, stop, exit, () => 7);
      return { stdout, ended, exit };
    };

    it('stops the server as a SIGTERM does, once however often the writes fail, then exits 141', async () => {
      let drained!: () => void;
      const stop = jest.fn(() => new Promise<void>((resolve) => (drained = resolve)));
      const { stdout, ended, exit } = serving(stop);
      stdout.emit('error', failure('EPIPE'));
      stdout.emit('error', failure('EPIPE')); // a log line written while it drains
      expect(stop).toHaveBeenCalledTimes(1);
      expect(exit).not.toHaveBeenCalled(); // not before the requests in flight are answered
      drained();
      await new Promise(setImmediate);
      expect(exit).toHaveBeenCalledWith(EXIT_OUTPUT_CLOSED);
      expect(ended).not.toHaveBeenCalled(); // the CLI's own exit-at-once no longer runs
    });

    it('exits with the failure code when the stop fails', async () => {
      const { stdout, exit } = serving(() => Promise.reject(new Error('busy')));
      stdout.emit('error', failure('EPIPE'));
      await new Promise(setImmediate);
      expect(exit).toHaveBeenCalledWith(7);
    });

    it('leaves any other write failure thrown', () => {
      const stop = jest.fn(() => Promise.resolve());
      const { stdout } = serving(stop);
      expect(() => stdout.emit('error', failure('EIO'))).toThrow('write EIO');
      expect(stop).not.toHaveBeenCalled();
    });
  });
});
