import type { Command } from 'commander';
import { parseInterval } from './shared/args';
import { changesSince, FINISHED_PHASES } from './shared/changes';
import { colourOn, phaseLabel } from './shared/colour';
import { clientFor, verb, type ConnectionOptions } from './shared/connection';
import { jobIdOr } from './shared/harness-env';
import { pollUntil } from './shared/poll';
import { logAbove, progressBars } from './shared/progress-bars';
import { print } from './shared/table';
import { terminalCell } from './shared/terminal-text';
import { jobPath } from './job/paths';
import type { TreeNode } from './job/types';

/** A child's state as `supervise` reports it: its effective phase, with the resolution once done. */
export const childState = (n: TreeNode): string =>
  `${n.effectivePhase ?? n.phase ?? 'hidden'}${n.resolution ? `:${n.resolution}` : ''}`;

export const isFinished = (n: TreeNode): boolean => !!n.phase && FINISHED_PHASES.includes(n.phase);

/** How the children ended: exit 1 when any failed or was cancelled, so a script can tell. */
export const outcomeOf = (children: readonly TreeNode[]) => {
  const bad = children.filter((c) => c.phase === 'cancelled' || c.resolution === 'failed');
  return { total: children.length, completed: children.length - bad.length, failedOrCancelled: bad.map((c) => c.jobId) };
};

export const registerSupervise = (program: Command) =>
  verb(program, 'supervise', "follow a parent job's children: print each status change until all are done or cancelled; Ctrl-C stops", [
    'jobledger supervise proj-1a2b3c4d',
    'jobledger supervise --interval 5          # JOBLEDGER_JOB_ID: the job this harness runs',
    'jobledger supervise proj-1a2b3c4d --json  # one JSON line per change, then the outcome',
  ])
    .argument('[parentJobId]', 'the parent (default JOBLEDGER_JOB_ID)')
    .option('--interval <seconds>', 'seconds between looks', parseInterval, 2)
    .addHelpText('after', '\nExit codes: 0 every child completed (or closed), 1 some child failed or was cancelled, 130 interrupted.')
    .action(async (parentJobId: string | undefined, o: ConnectionOptions & { interval: number }) => {
      const id = jobIdOr(parentJobId);
      const api = clientFor(o);
      const on = colourOn(o);
      // A bar only for a person at a terminal with enough children to wait on.
      const bars = process.stdout.isTTY && !o.json ? progressBars({ format: '{bar} {value}/{total} children finished', hideCursor: true, clearOnComplete: false }) : null;
      const bar = bars?.create(0, 0);
      const say = (line: string) => (bars ? logAbove(bars, line) : print(line));
      const seen = new Map<string, string>();
      let children: TreeNode[] = [];
      const ended = await pollUntil(o.interval, async (signal) => {
        children = (await api.withSignal(signal).get<TreeNode>(jobPath(id, '/tree'))).children;
        for (const c of changesSince(seen, children.map((n) => [n.jobId, childState(n)] as const))) {
          const node = children.find((n) => n.jobId === c.id) as TreeNode;
          if (o.json) say(`${JSON.stringify({ jobId: c.id, from: c.from, to: c.to, title: node.title ?? null, at: new Date().toISOString() })}\n`);
          else say(`${new Date().toISOString()}  ${c.id}  ${c.from ? `${c.from} → ` : ''}${node.phase ? phaseLabel(on, node.effectivePhase ?? node.phase, node.resolution) : 'hidden'}  ${terminalCell(node.title ?? '')}\n`);
        }
        bar?.setTotal(children.length);
        bar?.update(children.filter(isFinished).length);
        return children.every(isFinished);
      });
      // Draw once more: lines logged since the last redraw would otherwise be lost with the bar.
      bars?.update();
      bars?.stop();
      if (ended === 'interrupted') return;
      const outcome = outcomeOf(children);
      if (o.json) print(`${JSON.stringify({ jobId: id, ...outcome })}\n`);
      else print(outcome.total ? `${id}: all ${outcome.total} children finished, ${outcome.completed} completed${outcome.failedOrCancelled.length ? `; failed or cancelled: ${outcome.failedOrCancelled.join(', ')}` : ''}\n` : `${id} has no children\n`);
      if (outcome.failedOrCancelled.length) process.exitCode = 1;
    });
