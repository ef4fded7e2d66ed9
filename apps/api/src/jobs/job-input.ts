import type { JobInput } from '../../../../libs/application/src/jobs/new-job';
import type { Assignee } from '../../../../libs/domain/src/shared/assignee';
import type { TemplateChild } from '../../../../libs/domain/src/template/events';
import type { AssigneeDto } from '../dto/common.dto';
import type { JobFieldsDto, TemplateChildDto } from '../dto/jobs.dto';

/** The validated DTO names one of the two kinds; only that kind's id is kept. */
export const assigneeOf = (a: AssigneeDto): Assignee =>
  a.kind === 'operator' ? { kind: 'operator', slug: a.slug as string } : { kind: 'agent', agentId: a.agentId as string };

export const jobInputOf = <T extends JobFieldsDto & { surface?: string }>({ assignee, ...rest }: T): JobInput & Omit<T, 'assignee'> => ({
  ...rest,
  ...(assignee && { assignee: assigneeOf(assignee) }),
});

export const templateChildOf = ({ children, ...fields }: TemplateChildDto): TemplateChild => ({
  ...jobInputOf(fields),
  ...(children && { children: children.map(templateChildOf) }),
});
