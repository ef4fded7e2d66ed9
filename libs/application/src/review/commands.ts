import type { CommandContext } from '../../../domain/src/shared/event';
import type { Principal } from '../auth/principal';

abstract class OnJob {
  constructor(readonly principal: Principal, readonly ctx: CommandContext, readonly jobId: string) {}
}

export class ApproveJobCommand extends OnJob {
  constructor(p: Principal, ctx: CommandContext, jobId: string, readonly comment?: string) { super(p, ctx, jobId); }
}
export class RejectJobCommand extends OnJob {
  constructor(p: Principal, ctx: CommandContext, jobId: string, readonly reason: string) { super(p, ctx, jobId); }
}
export class CloseJobCommand extends OnJob {
  constructor(p: Principal, ctx: CommandContext, jobId: string, readonly reason: string) { super(p, ctx, jobId); }
}
export class CancelJobCommand extends OnJob {
  constructor(p: Principal, ctx: CommandContext, jobId: string, readonly reason: string) { super(p, ctx, jobId); }
}
