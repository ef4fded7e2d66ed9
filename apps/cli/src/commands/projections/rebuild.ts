import type { SingleBar } from 'cli-progress';
import type { ApiClient } from '../../api-client';
import { progressBars } from '../shared/progress-bars';
import { fetchStatus } from './status';
import type { ProcessorRow, RebuildView, RequestedRebuild } from './types';

export type RebuildOutcome = { name: string; id: string; generation: number };

/** How one rebuild is shown: a bar on a terminal, a line per change of state otherwise. */
type Reporter = { update(name: string, row: ProcessorRow | undefined, done: boolean): void; stop(): void };

const barReporter = (names: readonly string[]): Reporter => {
  const bars = progressBars({ format: ' {name} [{bar}] {percentage}% {state}', barsize: 30, hideCursor: true, clearOnComplete: false });
  // Ctrl-C (or SIGTERM) would end the CLI with the cursor the bars hid still hidden: they give the
  // terminal back first. The rebuild goes on in the server; 130 says the wait was cut short.
  const interrupted = () => {
    bars.stop();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const width = Math.max(...names.map((n) => n.length));
  const byName = new Map<string, SingleBar>(names.map((n) => [n, bars.create(100, 0, { name: n.padEnd(width), state: 'requested' })]));
  return {
    update: (name, row, done) => {
      const progress = done ? 100 : Math.round((row?.rebuild?.progress ?? 0) * 100);
      const building = row?.rebuild?.state === 'building' ? `building g${row.rebuild.generation}` : 'requested';
      const state = done ? `g${row?.generation} live` : building;
      byName.get(name)?.update(progress, { name: name.padEnd(width), state });
    },
    stop: () => {
      process.off('SIGINT', interrupted);
      process.off('SIGTERM', interrupted);
      bars.stop();
    },
  };
};

const lineReporter = (write: (line: string) => void): Reporter => {
  const last = new Map<string, string>();
  return {
    update: (name, row, done) => {
      const line = done
        ? `${name}: generation ${row?.generation} is live`
        : row?.rebuild?.state === 'building'
          ? `${name}: building generation ${row.rebuild.generation}`
          : `${name}: requested`;
      if (last.get(name) !== line) write(`${line}\n`);
      last.set(name, line);
    },
    stop: () => undefined,
  };
};

/**
 * Requests a blue-green rebuild of each projection and waits until each has switched to its
 * new generation (the server answers 202 at once; the worker running the projection builds it).
 */
export const rebuildProjections = async (
  client: ApiClient,
  asked: readonly string[],
  options: { tty: boolean; write: (line: string) => void; timeoutMs: number; pollMs?: number },
): Promise<RebuildOutcome[]> => {
  const requested = new Map<string, RebuildView>();
  // Followed under the name the server gives: one asked by a read model's name (trust_signals) is reported by its projection's.
  for (const name of asked) {
    const view = await client.post<RequestedRebuild>(`/admin/projections/${encodeURIComponent(name)}/rebuild`);
    requested.set(view.name, view);
  }
  const names = [...requested.keys()];
  const reporter = options.tty ? barReporter(names) : lineReporter(options.write);
  const deadline = Date.now() + options.timeoutMs;
  const done = new Map<string, RebuildOutcome>();
  try {
    while (done.size < names.length) {
      const rows = new Map((await fetchStatus(client)).processors.map((r) => [r.name, r]));
      for (const [name, request] of requested) {
        if (done.has(name)) continue;
        const row = rows.get(name);
        const switched = row?.lastRebuild?.requestId === request.id;
        reporter.update(name, row, switched);
        if (switched && row) done.set(name, { name, id: request.id, generation: row.generation ?? 0 });
      }
      if (done.size === names.length) break;
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${names.filter((n) => !done.has(n)).join(', ')} to switch (the rebuild goes on in the server)`);
      await new Promise((r) => setTimeout(r, options.pollMs ?? 250));
    }
  } finally {
    reporter.stop();
  }
  return names.map((n) => done.get(n) as RebuildOutcome);
};
