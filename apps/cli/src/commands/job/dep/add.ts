import { Option, type Command } from 'commander';
import { RELATIONS } from '../../../../../../libs/domain/src/job/events';
import { clientFor, commandVerb, type ConnectionOptions } from '../../shared/connection';
import { print, printJson } from '../../shared/table';
import { jobPath } from '../paths';

export const registerDepAdd = (dep: Command) =>
  commandVerb(dep, 'add', 'relate a job to another: blocked_by (the default) holds its claims until the other is done', [
    'jobledger job dep add proj-1a2b3c4d.2 proj-1a2b3c4d.1',
    'jobledger job dep add proj-1a2b3c4d.2 proj-1a2b3c4d.1 --relation waits_for',
  ])
    .argument('<jobId>', 'the job')
    .argument('<relatedJobId>', 'the job it depends on')
    .addOption(new Option('--relation <relation>', 'the relation').choices(RELATIONS).default('blocked_by'))
    .action(async (jobId: string, relatedJobId: string, o: ConnectionOptions & { relation: string }) => {
      const result = await clientFor(o).post(jobPath(jobId, '/dependencies'), { relatedJobId, relation: o.relation });
      if (o.json) printJson(result);
      else print(`${jobId} ${o.relation} ${relatedJobId}\n`);
    });
