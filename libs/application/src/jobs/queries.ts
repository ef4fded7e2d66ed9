import type { Principal } from '../auth/principal';
import type { Page } from '../queries/queries';

export type JobListFilter = {
  readonly phase?: string;
  readonly effectivePhase?: string;
  readonly priority?: number;
  /** `operator:<slug>` or `agent:<agentId>`. */
  readonly assignee?: string;
  readonly surface?: string;
  /** Changed since: `90s`, `30m`, `1h`, `2d`, or an ISO time. */
  readonly since?: string;
  readonly stuck?: boolean;
  readonly q?: string;
};

/** `projectSlug` null: across projects (`GET /jobs`). */
export class ListJobsQuery { constructor(readonly principal: Principal, readonly projectSlug: string | null, readonly filter: JobListFilter, readonly page: Page = {}) {} }
export class GetJobTreeQuery { constructor(readonly principal: Principal, readonly jobId: string) {} }
export class GetJobContextQuery { constructor(readonly principal: Principal, readonly jobId: string) {} }
export class GetJobDependenciesQuery { constructor(readonly principal: Principal, readonly jobId: string) {} }
export class ListTemplatesQuery { constructor(readonly principal: Principal, readonly page: Page = {}) {} }
