import { EventEmitter } from 'node:events';
import { endOnClosedOutput, EXIT_OUTPUT_CLOSED } from './closed-output';

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
});
