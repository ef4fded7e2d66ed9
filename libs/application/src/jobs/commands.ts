import type { JobUpdated, Relation } from '../../../domain/src/job/events';
import type { CommandContext } from '../../../domain/src/shared/event';
import type { TemplateChild, TemplateJob } from '../../../domain/src/template/events';
import type { Principal } from '../auth/principal';
import type { JobInput } from './new-job';

abstract class JobShapeCommand {
  constructor(readonly principal: Principal, readonly ctx: CommandContext) {}
}

/** `POST /projects/:slug/jobs`: a root job, or with `parentId` a child of that job. */
export class CreateProjectJobCommand extends JobShapeCommand {
  constructor(p: Principal, ctx: CommandContext, readonly projectSlug: string, readonly input: JobInput & { readonly parentId?: string }) { super(p, ctx); }
}
export class UpdateJobCommand extends JobShapeCommand {
  constructor(p: Principal, ctx: CommandContext, readonly jobId: string, readonly changes: JobUpdated['data']['changes']) { super(p, ctx); }
}
export class AddDependencyCommand extends JobShapeCommand {
  constructor(p: Principal, ctx: CommandContext, readonly jobId: string, readonly relatedJobId: string, readonly relation: Relation) { super(p, ctx); }
}
export class RemoveDependencyCommand extends JobShapeCommand {
  constructor(p: Principal, ctx: CommandContext, readonly jobId: string, readonly relatedJobId: string, readonly relation?: Relation) { super(p, ctx); }
}
export class DefineTemplateCommand extends JobShapeCommand {
  constructor(p: Principal, ctx: CommandContext, readonly input: { name: string; job: TemplateJob; children: TemplateChild[] }) { super(p, ctx); }
}
export class InstantiateTemplateCommand extends JobShapeCommand {
  constructor(p: Principal, ctx: CommandContext, readonly templateId: string, readonly projectSlug: string) { super(p, ctx); }
}
