import { Option, type Command } from 'commander';
import { CONTROL_STATUSES, extractJsonResult } from '../../../../../libs/domain/src/job/json-result';
import { requireBoundedJson } from '../../../../../libs/domain/src/shared/json-bounds';
import { parseWhole } from '../shared/args';
import { readArgumentFile } from '../shared/argument-file';
import { clientFor, commandVerb, type ConnectionOptions } from '../shared/connection';
import { jobIdOr } from '../shared/harness-env';
import { fields, print, printJson } from '../shared/table';
import { UsageError } from '../shared/usage-error';
import { serviceEventOf } from './attempt';
import { jobPath, query } from './paths';

type ResultOptions = ConnectionOptions & { attempt?: number; outputFile?: string; status?: string; summary?: string; reason?: string; serviceEvent?: string };
type AttemptResult = {
  jobId: string; attemptNumber: number; serviceEventId: string; status: string; resultSummary: string | null; reason: string | null;
  endedAt: string | null; phase: string; resolution: string | null;
};

/**
 * The json-result of raw harness output (`-`: standard input, a harness pipes its whole output
 * in), found here by the server's own rule: only the block travels, so an output of any size
 * fits the API's body limit, and output without a valid block, or with one over the server's
 * bound for a result (JSON_TOO_LARGE, JSON_TOO_DEEP), fails before any request.
 */
const resultOfOutput = (file: string) => {
  const { result } = extractJsonResult(readArgumentFile('--output-file', file));
  // Over the server's bound it would be refused, or the connection cut before the answer: said here.
  requireBoundedJson('result', result);
  return result;
};

/**
 * Reading and reporting take different options; one given to the other mode would be ignored,
 * and a harness that dropped --status would read an old result, exit 0 and believe it reported.
 */
const requireOneMode = (o: ResultOptions): void => {
  const reporting = o.outputFile !== undefined || o.status !== undefined;
  if (!reporting && (o.summary !== undefined || o.reason !== undefined || o.serviceEvent !== undefined)) {
    throw new UsageError('--summary, --reason and --service-event report a result: give --status (or --output-file)');
  }
  if (o.outputFile !== undefined && (o.summary !== undefined || o.reason !== undefined)) {
    throw new UsageError('--summary and --reason go with --status; with --output-file they come from the json-result block');
  }
  if (reporting && o.attempt !== undefined) throw new UsageError('--attempt reads a result; a report goes to the open attempt (--service-event)');
};

export const registerResult = (job: Command) =>
  commandVerb(job, 'result', "an attempt's result, or report one: raw harness output (--output-file) or a status (--status)", [
    'jobledger job result proj-1a2b3c4d',
    'jobledger job result proj-1a2b3c4d --attempt 1 --json',
    'my-harness run | jobledger job result --output-file -     # the last ```json-result block applies',
    'jobledger job result --status success --summary "done"    # JOBLEDGER_JOB_ID and JOBLEDGER_ATTEMPT_ID',
  ])
    .argument('[jobId]', 'the job (default JOBLEDGER_JOB_ID)')
    .option('--attempt <n>', 'reading: this attempt (default the latest that ended)', parseWhole(1))
    .option('--output-file <file>', 'report: raw output holding a ```json-result block (- for standard input)')
    .addOption(new Option('--status <status>', 'report: the status, without raw output').choices(CONTROL_STATUSES).conflicts('outputFile'))
    .option('--summary <text>', 'with --status: a summary')
    .option('--reason <text>', 'with --status: why (a failure or a wait)')
    .option('--service-event <id>', "report: the attempt's serviceEventId (default JOBLEDGER_ATTEMPT_ID, else the open attempt)")
    .action(async (jobId: string | undefined, o: ResultOptions) => {
      requireOneMode(o);
      const id = jobIdOr(jobId);
      const api = clientFor(o);
      if (o.outputFile !== undefined || o.status !== undefined) {
        const resultJson = o.outputFile !== undefined ? resultOfOutput(o.outputFile) : { status: o.status, summary: o.summary, reason: o.reason };
        const serviceEventId = await serviceEventOf(api, id, o.serviceEvent);
        const applied = await api.post<{ status: string; phase: string; resolution: string | null }>(jobPath(id, '/result'), { serviceEventId, resultJson });
        return o.json ? printJson(applied) : print(`result recorded on ${id}: attempt ${applied.status}, job ${applied.phase}${applied.resolution ? ` (${applied.resolution})` : ''}\n`);
      }
      const result = await api.get<AttemptResult>(jobPath(id, `/result${query({ attempt: o.attempt })}`));
      if (o.json) return printJson(result);
      print(fields([
        ['job', `${result.jobId} (${result.phase}${result.resolution ? `, ${result.resolution}` : ''})`],
        ['attempt', `#${result.attemptNumber} ${result.serviceEventId}`], ['status', result.status],
        ['summary', result.resultSummary ?? '-'], ['reason', result.reason ?? '-'], ['ended', result.endedAt ?? '-'],
      ]));
    });
