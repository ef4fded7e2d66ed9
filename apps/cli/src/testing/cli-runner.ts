import { spawn, type ChildProcess } from 'node:child_process';
import { shellWord } from '../commands/shared/shell-word';
import { bin, cleanEnv, root, runCli } from './processes';

/** Runs the built CLI to its end (`input` on its stdin). */
export const cli = (args: string[], env: Record<string, string> = {}, input?: string) => runCli(args, env, { input });

export type Running = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

/** Starts the built CLI and lets it run (watch, follow, supervise). */
export const cliRunning = (args: string[], env: Record<string, string> = {}): Running => {
  const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  // 'close', not 'exit': the output is all read by then.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, output: () => out, exited };
};

/**
 * Starts the built CLI with its standard output on a terminal (a pseudo-terminal, util-linux's
 * `script`) and its standard error thrown away: `output` is what a person's screen shows of
 * standard output, escape sequences included. `interrupt` types Ctrl-C on that terminal.
 */
export const cliOnTerminal = (args: string[], env: Record<string, string> = {}): Running & { interrupt: () => void } => {
  const command = `exec ${[process.execPath, bin, ...args].map(shellWord).join(' ')} 2>/dev/null`;
  const child = spawn('script', ['--quiet', '--flush', '--return', '--command', command, '/dev/null'], { cwd: root, env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, output: () => out, exited, interrupt: () => child.stdin?.write('\x03') };
};

/** Resolves once the running CLI has printed something matching `pattern` (rejects if it exits first). */
export const printed = (running: Running, pattern: RegExp): Promise<void> =>
  new Promise((resolve, reject) => {
    const check = () => {
      if (pattern.test(running.output())) {
        running.child.stdout?.off('data', check);
        resolve();
      }
    };
    running.child.stdout?.on('data', check);
    void running.exited.then(() => (pattern.test(running.output()) ? resolve() : reject(new Error(`exited without ${pattern}:\n${running.output()}`))));
    check();
  });
