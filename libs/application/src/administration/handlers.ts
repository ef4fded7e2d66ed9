import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { operatorDecider } from '../../../domain/src/operator/decider';
import { projectDecider } from '../../../domain/src/project/decider';
import { streams } from '../../../domain/src/shared/streams';
import { surfaceDecider } from '../../../domain/src/surface/decider';
import { requireRole } from '../auth/policy';
import { effectsOf, type CommandResult } from '../commands/command-result';
import { CommandRunner } from '../commands/command-runner';
import {
  ChangeOperatorAccessCommand, ChangeProjectDefaultsCommand, ChangeSurfaceEvidencePolicyCommand, CreateProjectCommand, DefineSurfaceCommand,
  RegisterOperatorCommand,
} from './commands';

@CommandHandler(RegisterOperatorCommand)
export class RegisterOperatorHandler implements ICommandHandler<RegisterOperatorCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}
  async execute({ principal, ctx, input }: RegisterOperatorCommand): Promise<CommandResult> {
    requireRole(principal);
    const o = await this.runner.run(streams.operator(input.slug), operatorDecider, () => ({ type: 'RegisterOperator' as const, ...input }), ctx);
    return { body: { slug: input.slug, accessState: 'active' }, ...effectsOf(o) };
  }
}

@CommandHandler(ChangeOperatorAccessCommand)
export class ChangeOperatorAccessHandler implements ICommandHandler<ChangeOperatorAccessCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}
  async execute({ principal, ctx, slug, input }: ChangeOperatorAccessCommand): Promise<CommandResult> {
    requireRole(principal);
    const o = await this.runner.run(streams.operator(slug), operatorDecider, () => ({ type: 'ChangeOperatorAccess' as const, to: input.state, reason: input.reason }), ctx);
    return { body: { slug, accessState: o.state.status === 'registered' ? o.state.access : input.state }, ...effectsOf(o) };
  }
}

@CommandHandler(DefineSurfaceCommand)
export class DefineSurfaceHandler implements ICommandHandler<DefineSurfaceCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}
  async execute({ principal, ctx, input }: DefineSurfaceCommand): Promise<CommandResult> {
    requireRole(principal);
    const o = await this.runner.run(streams.surface(input.key), surfaceDecider, () => ({ type: 'DefineSurface' as const, ...input }), ctx);
    return { body: { key: input.key, ...(o.state.status === 'defined' ? { requiredEvidence: o.state.requiredEvidence, allowedEvidence: o.state.allowedEvidence } : {}) }, ...effectsOf(o) };
  }
}

@CommandHandler(CreateProjectCommand)
export class CreateProjectHandler implements ICommandHandler<CreateProjectCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}
  async execute({ principal, ctx, input }: CreateProjectCommand): Promise<CommandResult> {
    requireRole(principal);
    const o = await this.runner.run(streams.project(input.slug), projectDecider, () => ({ type: 'CreateProject' as const, ...input }), ctx);
    return { body: { slug: input.slug, defaults: o.state.status === 'created' ? o.state.defaults : input.defaults }, ...effectsOf(o) };
  }
}

/**
 * `PATCH /surfaces/:key`: jobs already created keep the policy they snapshotted; the next ones
 * get this. Answers the surface as the change left it (a repeat: as it left it then).
 */
@CommandHandler(ChangeSurfaceEvidencePolicyCommand)
export class ChangeSurfaceEvidencePolicyHandler implements ICommandHandler<ChangeSurfaceEvidencePolicyCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}
  async execute({ principal, ctx, key, input }: ChangeSurfaceEvidencePolicyCommand): Promise<CommandResult> {
    requireRole(principal);
    const o = await this.runner.run(streams.surface(key), surfaceDecider, () => ({ type: 'ChangeSurfaceEvidencePolicy' as const, ...input }), ctx);
    if (o.state.status !== 'defined') throw new Error(`surface ${key}: changed, yet not defined`);
    const { key: k, name, kind, requiredEvidence, allowedEvidence } = o.state;
    return { body: { key: k, name, kind, requiredEvidence, allowedEvidence }, ...effectsOf(o) };
  }
}

/** `PATCH /projects/:slug`: jobs already created keep theirs; answers the project as the change left it. */
@CommandHandler(ChangeProjectDefaultsCommand)
export class ChangeProjectDefaultsHandler implements ICommandHandler<ChangeProjectDefaultsCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}
  async execute({ principal, ctx, slug, defaults }: ChangeProjectDefaultsCommand): Promise<CommandResult> {
    requireRole(principal);
    const o = await this.runner.run(streams.project(slug), projectDecider, () => ({ type: 'ChangeProjectDefaults' as const, defaults }), ctx);
    if (o.state.status !== 'created') throw new Error(`project ${slug}: changed, yet not created`);
    return { body: { slug: o.state.slug, name: o.state.name, defaults: o.state.defaults }, ...effectsOf(o) };
  }
}
