import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RaceReport } from './race-appender';
import { childEnv, transpileForNode } from './transpile-for-node';

const lines = (child: ChildProcessWithoutNullStreams, onLine: (line: string) => void): void => {
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    parts.forEach(onLine);
  });
};

const reportOf = (child: ChildProcessWithoutNullStreams): Promise<RaceReport> =>
  new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    lines(child, (line) => line.startsWith('{') && resolve(JSON.parse(line) as RaceReport));
    child.on('exit', (code) => reject(new Error(`racer exited (${code}) without a report: ${stderr}`)));
  });

/**
 * Runs `count` processes of race-appender.ts on one file, releases them together once all
 * have opened the store (so they overlap instead of starting one after another), and
 * collects their reports.
 */
export const raceInProcesses = async (count: number, file: string, streamId: string, attempts: number): Promise<RaceReport[]> => {
  const buildDir = mkdtempSync(join(tmpdir(), 'jobledger-racer-'));
  const script = transpileForNode(join(__dirname, 'race-appender.ts'), buildDir);
  const children = Array.from({ length: count }, () =>
    spawn(process.execPath, [script, file, streamId, String(attempts)], { stdio: 'pipe', env: childEnv() }),
  );
  const ready = children.map((child) => new Promise<void>((resolve) => lines(child, (line) => line === 'ready' && resolve())));
  const reports = children.map(reportOf);
  try {
    await Promise.race([Promise.all(ready), Promise.all(reports)]);
    children.forEach((child) => child.stdin.write('go\n'));
    return await Promise.all(reports);
  } finally {
    children.forEach((child) => child.exitCode === null && child.kill());
    rmSync(buildDir, { recursive: true, force: true });
  }
};
