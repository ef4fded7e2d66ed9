import { ConsoleLogger, Logger } from '@nestjs/common';

/**
 * Set by `serve --json` in the environment it starts with, and so seen by the processors'
 * thread too (a thread has its own Nest Logger): not a setting of its own, only how
 * `--json` reaches every thread.
 */
export const JSON_LOGS = 'JOBLEDGER_JSON_LOGS';

/** With `serve --json`, Nest's log lines are JSON objects too: standard output stays one JSON object per line. */
export const useJsonLogs = (env: NodeJS.ProcessEnv): void => {
  if (env[JSON_LOGS] === 'on') Logger.overrideLogger(new ConsoleLogger({ json: true }));
};
