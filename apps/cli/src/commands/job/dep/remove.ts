import { Option, type Command } from 'commander';
import { RELATIONS } from '../../../../../../libs/domain/src/job/events';
import { clientFor, commandVerb, type ConnectionOptions } from '../../shared/connection';
import { print, printJson } from '../../shared/table';
import { jobPath, query } from '../paths';

export const registerDepRemove = (dep: Command) =>
  commandVerb(dep, 'remove', 'remove a relation between two jobs', ['jobledger job dep remove proj-1a2b3c4d.2 proj-1a2b3c4d.1', 'jobledger job dep remove proj-1a2b3c4d.2 proj-1a2b3c4d.1 --relation waits_for'])
    .argument('<jobId>', 'the job')
    .argument('<relatedJobId>', 'the job it depended on')
    .addOption(new Option('--relation <relation>', 'only this relation (default: whichever there is)').choices(RELATIONS))
    .action(async (jobId: string, relatedJobId: string, o: ConnectionOptions & { relation?: string }) => {
      const result = await clientFor(o).request('DELETE', jobPath(jobId, `/dependencies/${encodeURIComponent(relatedJobId)}${query({ relation: o.relation })}`));
      if (o.json) printJson(result);
      else print(`removed ${jobId} → ${relatedJobId}\n`);
    });
