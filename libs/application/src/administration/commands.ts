import type { AccessState } from '../../../domain/src/operator/events';
import type { DefaultsChange } from '../../../domain/src/project/defaults';
import type { ProjectDefaults } from '../../../domain/src/project/events';
import type { CommandContext } from '../../../domain/src/shared/event';
import type { SurfaceKind } from '../../../domain/src/surface/events';
import type { Principal } from '../auth/principal';

export class RegisterOperatorCommand {
  constructor(readonly principal: Principal, readonly ctx: CommandContext, readonly input: { slug: string; name: string; canGovern: boolean }) {}
}
export class ChangeOperatorAccessCommand {
  constructor(readonly principal: Principal, readonly ctx: CommandContext, readonly slug: string, readonly input: { state: AccessState; reason: string }) {}
}
export class DefineSurfaceCommand {
  constructor(
    readonly principal: Principal, readonly ctx: CommandContext,
    readonly input: { key: string; name: string; kind: SurfaceKind; requiredEvidence: string[]; allowedEvidence: string[] },
  ) {}
}
export class CreateProjectCommand {
  constructor(readonly principal: Principal, readonly ctx: CommandContext, readonly input: { slug: string; name: string; defaults: ProjectDefaults }) {}
}
/** A list left out keeps the one in force. */
export class ChangeSurfaceEvidencePolicyCommand {
  constructor(
    readonly principal: Principal, readonly ctx: CommandContext, readonly key: string,
    readonly input: { requiredEvidence?: string[]; allowedEvidence?: string[] },
  ) {}
}
/** Only the defaults named change. */
export class ChangeProjectDefaultsCommand {
  constructor(readonly principal: Principal, readonly ctx: CommandContext, readonly slug: string, readonly defaults: DefaultsChange) {}
}
