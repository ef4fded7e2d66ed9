import type { Assignee } from '../../../domain/src/shared/assignee';
import type { CommandContext } from '../../../domain/src/shared/event';
import type { Principal } from '../auth/principal';
import type { Page } from '../queries/queries';

/** The explicit, audited overrides an admin may apply to a job (SPEC §2 "Admin overrides"). */
export type AdminAction =
  | { readonly action: 'resubmit'; readonly reason: string }
  | { readonly action: 'complete'; readonly reason: string }
  | { readonly action: 'reassign'; readonly reason: string; readonly to: Assignee };
export const ADMIN_ACTIONS = ['resubmit', 'complete', 'reassign'] as const;

export class AdminJobCommand {
  constructor(readonly principal: Principal, readonly ctx: CommandContext, readonly jobId: string, readonly input: AdminAction) {}
}

export class AdminBatchCommand {
  constructor(readonly principal: Principal, readonly ctx: CommandContext, readonly jobIds: readonly string[], readonly input: AdminAction) {}
}

export type AdminJobsFilter = {
  readonly project?: string;
  readonly phase?: string;
  readonly effectivePhase?: string;
  readonly assignee?: string;
  readonly priority?: number;
  readonly parentId?: string;
  readonly stuck?: boolean;
  readonly q?: string;
};

export class ListAdminJobsQuery {
  constructor(readonly principal: Principal, readonly filter: AdminJobsFilter, readonly page: Page = {}) {}
}

export class GetAdminJobQuery {
  constructor(readonly principal: Principal, readonly jobId: string) {}
}

export class GetMetricsQuery {
  constructor(readonly principal: Principal, readonly project?: string, readonly page: Page = {}) {}
}
