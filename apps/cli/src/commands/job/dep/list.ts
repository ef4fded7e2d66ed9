import type { Command } from 'commander';
import { colourOn, phaseLabel } from '../../shared/colour';
import { clientFor, verb, type ConnectionOptions } from '../../shared/connection';
import { jobIdOr } from '../../shared/harness-env';
import { print, printJson, table } from '../../shared/table';
import { jobPath } from '../paths';
import type { RelatedJob } from '../types';

const stateOf = (d: RelatedJob): string => (d.resolved === undefined ? '?' : d.resolved ? 'resolved' : 'open');

type Dependencies = { jobId: string; blocked: boolean; dependencies: RelatedJob[]; dependents: RelatedJob[] };

export const registerDepList = (dep: Command) =>
  verb(dep, 'list', "a job's dependencies and dependents", ['jobledger job dep list proj-1a2b3c4d.2', 'jobledger job dep list proj-1a2b3c4d.2 --json | jq .blocked'])
    .argument('[jobId]', 'the job (default JOBLEDGER_JOB_ID)')
    .action(async (jobId: string | undefined, o: ConnectionOptions) => {
      const deps = await clientFor(o).get<Dependencies>(jobPath(jobIdOr(jobId), '/dependencies'));
      if (o.json) return printJson(deps);
      const on = colourOn(o);
      const rows = [
        ...deps.dependencies.map((d) => ['depends on', d.relation, d.jobId, d.phase ? phaseLabel(on, d.phase, d.resolution) : '?', stateOf(d)]),
        ...deps.dependents.map((d) => ['dependent', d.relation, d.jobId, d.phase ? phaseLabel(on, d.phase, d.resolution) : '?', stateOf(d)]),
      ];
      print(`${deps.jobId}: ${deps.blocked ? 'blocked' : 'not blocked'}\n`);
      if (rows.length) print(table(['', 'RELATION', 'JOB', 'PHASE', 'STATE'], rows));
    });
