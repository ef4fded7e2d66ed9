import type { Outcome, Payment } from '../../../domain/src/job/events';
import type { CommandContext } from '../../../domain/src/shared/event';
import type { Json } from '../../../domain/src/shared/json';
import type { Principal } from '../auth/principal';

abstract class Execution {
  constructor(readonly principal: Principal, readonly ctx: CommandContext, readonly jobId: string) {}
}

export class ClaimJobCommand extends Execution {
  constructor(p: Principal, ctx: CommandContext, jobId: string, readonly input: { start?: boolean; harness?: string; sessionId?: string }) { super(p, ctx, jobId); }
}
export class StartServiceEventCommand extends Execution {
  constructor(p: Principal, ctx: CommandContext, jobId: string, readonly serviceEventId: string) { super(p, ctx, jobId); }
}
export class HeartbeatCommand extends Execution {
  constructor(p: Principal, ctx: CommandContext, jobId: string, readonly serviceEventId: string) { super(p, ctx, jobId); }
}
/** Whether the caller may upload evidence to the job at all: asked before its body is read. */
export class MayCaptureEvidenceQuery {
  constructor(readonly principal: Principal, readonly ctx: CommandContext, readonly jobId: string) {}
}
export class CaptureEvidenceCommand extends Execution {
  constructor(
    p: Principal, ctx: CommandContext, jobId: string,
    readonly input: { serviceEventId: string; category: string; note?: string; bytes: Buffer; declaredContentType: string },
  ) { super(p, ctx, jobId); }
}
export class CompleteServiceEventCommand extends Execution {
  constructor(
    p: Principal, ctx: CommandContext, jobId: string,
    readonly input: { serviceEventId: string; payment?: Payment; outcome?: Outcome; summary?: string; result?: Json },
  ) { super(p, ctx, jobId); }
}
export class FailServiceEventCommand extends Execution {
  constructor(p: Principal, ctx: CommandContext, jobId: string, readonly input: { serviceEventId: string; reason: string; result?: Json }) { super(p, ctx, jobId); }
}
export class ReleaseJobCommand extends Execution {
  constructor(p: Principal, ctx: CommandContext, jobId: string, readonly input: { serviceEventId: string; reason?: string }) { super(p, ctx, jobId); }
}
