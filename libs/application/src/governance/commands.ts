import type { Assignee } from '../../../domain/src/shared/assignee';
import type { CommandContext } from '../../../domain/src/shared/event';
import type { Customer } from '../../../domain/src/request/events';
import type { Principal } from '../auth/principal';

abstract class Governance {
  constructor(readonly principal: Principal, readonly ctx: CommandContext) {}
}

export class SubmitRequestCommand extends Governance {
  constructor(p: Principal, ctx: CommandContext, readonly input: {
    projectSlug: string; surface: string; tier: string; customer: Customer; details: string; notes?: string;
  }) { super(p, ctx); }
}
export class WithdrawRequestCommand extends Governance {
  constructor(p: Principal, ctx: CommandContext, readonly requestId: string, readonly reason: string) { super(p, ctx); }
}
export class IntakeRequestCommand extends Governance {
  constructor(p: Principal, ctx: CommandContext, readonly requestId: string, readonly input: { summary?: string; intakeNotes?: string }) { super(p, ctx); }
}
export class ApproveTaskCommand extends Governance {
  constructor(p: Principal, ctx: CommandContext, readonly taskId: string, readonly comment?: string) { super(p, ctx); }
}
export class DeclineTaskCommand extends Governance {
  constructor(p: Principal, ctx: CommandContext, readonly taskId: string, readonly reason: string) { super(p, ctx); }
}
export class AssignTaskCommand extends Governance {
  constructor(p: Principal, ctx: CommandContext, readonly taskId: string, readonly assignee: Assignee) { super(p, ctx); }
}
export class CreateJobFromTaskCommand extends Governance {
  constructor(p: Principal, ctx: CommandContext, readonly taskId: string) { super(p, ctx); }
}
