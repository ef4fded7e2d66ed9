import type { Command } from 'commander';
import { parseInterval } from '../shared/args';
import { changesSince, FINISHED_PHASES } from '../shared/changes';
import { colourOn, phaseLabel } from '../shared/colour';
import { clientFor, verb, type ConnectionOptions } from '../shared/connection';
import { jobIdOr } from '../shared/harness-env';
import { pollUntil } from '../shared/poll';
import { print, who } from '../shared/table';
import { jobPath } from './paths';
import type { Job } from './types';

/** What `watch` reports a change of: the phase as it is lived (blocked, waiting), the resolution, the attempt, the assignee. */
export const watchedState = (j: Job): string => {
  const a = j.attempts[j.attempts.length - 1];
  return [j.effectivePhase, j.resolution ?? '', who(j.assignee), a ? `#${a.attemptNumber} ${a.status}` : ''].join('|');
};

export const registerWatch = (job: Command) =>
  verb(job, 'watch', 'print each change of a job (phase, attempt, assignee) until it is done or cancelled; Ctrl-C stops', [
    'jobledger job watch proj-1a2b3c4d',
    'jobledger job watch proj-1a2b3c4d --interval 5 --json     # one JSON line per change',
  ])
    .argument('[jobId]', 'the job (default JOBLEDGER_JOB_ID)')
    .option('--interval <seconds>', 'seconds between looks', parseInterval, 2)
    .action(async (jobId: string | undefined, o: ConnectionOptions & { interval: number }) => {
      const id = jobIdOr(jobId);
      const api = clientFor(o);
      const on = colourOn(o);
      const seen = new Map<string, string>();
      await pollUntil(o.interval, async (signal) => {
        const j = await api.withSignal(signal).get<Job>(jobPath(id));
        for (const _ of changesSince(seen, [[id, watchedState(j)]])) {
          const a = j.attempts[j.attempts.length - 1];
          if (o.json) print(`${JSON.stringify({ jobId: id, at: j.updatedAt, phase: j.phase, effectivePhase: j.effectivePhase, resolution: j.resolution, assignee: j.assignee, attempt: a ? { attemptNumber: a.attemptNumber, status: a.status } : null })}\n`);
          else print(`${j.updatedAt}  ${id}  ${phaseLabel(on, j.effectivePhase, j.resolution)}  ${who(j.assignee)}${a ? `  attempt #${a.attemptNumber} ${a.status}` : ''}\n`);
        }
        return FINISHED_PHASES.includes(j.phase);
      });
    });
