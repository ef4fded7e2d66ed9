import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const root = join(__dirname, '../../../..');
export const bin = join(root, 'bin/jobledger.js');

export type Started = { child: ChildProcess; match: RegExpExecArray; output: () => string };

/** Starts a process and resolves once its output (stdout and stderr) matches `banner`. */
export const startMatching = (args: string[], env: Record<string, string>, banner: RegExp): Promise<Started> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no ${banner} in the output:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = banner.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match, output: () => out });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before ${banner}:\n${out}`));
    });
  });

/** Starts a process and resolves with the first URL it prints (the server listens on port 0). */
export const startServing = async (args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> => {
  const { child, match, output } = await startMatching(args, env, /serving at (http:\/\/[\d.]+:\d+)/);
  return { child, url: match[1], output };
};

/** SIGTERM, then the exit code. */
export const stop = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });

/** The environment without any server, token or harness variable of the one running the tests. */
export const cleanEnv = (env: Record<string, string>): NodeJS.ProcessEnv => {
  const rest = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('JOBLEDGER_') && k !== 'NO_COLOR'));
  return { ...rest, ...env };
};

/** Runs the built CLI to its end, in a clean environment plus `env`. */
export const runCli = (args: string[], env: Record<string, string> = {}, options: { timeoutMs?: number; input?: string } = {}) =>
  spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: options.timeoutMs ?? 60_000, env: cleanEnv(env), input: options.input });
