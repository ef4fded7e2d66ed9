import * as admin from './admin.dto';
import * as administration from './administration.dto';
import * as agentExecution from './agent-execution.dto';
import * as audit from './audit.dto';
import * as common from './common.dto';
import * as execution from './execution.dto';
import * as governance from './governance.dto';
import * as joblog from './joblog.dto';
import * as jobs from './jobs.dto';
import * as live from './live.dto';
import * as threads from './threads.dto';

/** Every DTO module: the OpenAPI document reads their classes' validation rules (openapi-constraints.ts). */
export const DTO_MODULES: readonly Record<string, unknown>[] = [admin, administration, agentExecution, audit, common, execution, governance, joblog, jobs, live, threads];

export const dtoClasses = (): Function[] => DTO_MODULES.flatMap((m) => Object.values(m)).filter((v): v is Function => typeof v === 'function');
