import { fork } from 'node:child_process';
import { join } from 'node:path';

/** What a scenario's own process sends back: its result, or why it failed. */
export type FreshProcessMessage<T> = { readonly ok: true; readonly result: T } | { readonly ok: false; readonly error: string };

/**
 * Runs a script (a sibling of this file, built) in a process of its own, sends it `input` if
 * given, and resolves with what it sends back. The HTTP servers run so (http-scenario.ts): in
 * the harness's process a server would share the heap and the compiled code of every earlier
 * scenario (no difference was measured: docs/performance.md), while `npm start` serves from a
 * fresh process, so the figure depends on nothing they leave behind. The load generator runs so
 * (http-load.ts) that generating load never shares the server's event loop.
 */
export const runInFreshProcess = <T>(script: string, args: readonly string[], limitMs: number, input?: unknown): Promise<T> =>
  new Promise((resolve, reject) => {
    const child = fork(join(__dirname, script), [...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const killer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    let answered = false;
    child.once('message', (m: FreshProcessMessage<T>) => {
      answered = true;
      if (m.ok) resolve(m.result);
      else reject(new Error(`${script}: ${m.error}`));
    });
    child.once('error', (error) => {
      clearTimeout(killer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(killer);
      if (!answered) reject(new Error(`${script} exited (${code ?? signal}) without a result`));
    });
    if (input !== undefined) child.send(input as object);
  });

/**
 * The child's side: runs `work`, sends its result or its error, and ends the process, so that a
 * handle the scenario left open cannot keep the run waiting.
 */
export const answerParent = async <T>(work: () => Promise<T>): Promise<never> => {
  const toParent = process.send?.bind(process);
  if (!toParent) throw new Error('a scenario process is forked by bench/run.js, not run directly');
  const send = (m: FreshProcessMessage<T>) => new Promise<void>((resolve) => toParent(m, () => resolve()));
  try {
    await send({ ok: true, result: await work() });
    process.exit(0);
  } catch (error) {
    await send({ ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) });
    process.exit(1);
  }
};
