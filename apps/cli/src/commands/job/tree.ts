import type { Command } from 'commander';
import { colourOn } from '../shared/colour';
import { clientFor, verb, type ConnectionOptions } from '../shared/connection';
import { jobIdOr } from '../shared/harness-env';
import { print, printJson } from '../shared/table';
import { treeLines } from './format';
import { jobPath } from './paths';
import type { TreeNode } from './types';

export const registerTree = (job: Command) =>
  verb(job, 'tree', 'a job with its children and theirs', ['jobledger job tree proj-1a2b3c4d', 'jobledger job tree --json   # JOBLEDGER_JOB_ID'])
    .argument('[jobId]', 'the root (default JOBLEDGER_JOB_ID)')
    .action(async (jobId: string | undefined, o: ConnectionOptions) => {
      const tree = await clientFor(o).get<TreeNode>(jobPath(jobIdOr(jobId), '/tree'));
      if (o.json) printJson(tree);
      else print(treeLines(tree, colourOn(o)));
    });
