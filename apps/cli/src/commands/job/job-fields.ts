import { Option, type Command } from 'commander';
import { CREATABLE_PHASES } from '../../../../../libs/domain/src/job/events';
import type { Assignee } from '../../../../../libs/domain/src/shared/assignee';
import { parseAssignee, parseWhole } from '../shared/args';

export type JobFieldOptions = { title?: string; acceptance?: string; priority?: number; phase?: string; assignee?: Assignee };

/** The fields `job create` sets and `job update` changes, worded for each (`help[field]`). */
export const withJobFields = (command: Command, help: Record<keyof JobFieldOptions, string>): Command =>
  command
    .option('--title <title>', help.title)
    .option('--acceptance <criteria>', help.acceptance)
    .option('--priority <0-4>', help.priority, parseWhole(0, 4))
    .addOption(new Option('--phase <phase>', help.phase).choices(CREATABLE_PHASES))
    .option('--assignee <who>', help.assignee, parseAssignee);
