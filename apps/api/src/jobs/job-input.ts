import type { JobInput } from '../../../../libs/application/src/jobs/new-job';
import type { TemplateChild } from '../../../../libs/domain/src/template/events';
import { assigneeOf } from '../dto/common.dto';
import type { JobFieldsDto, TemplateChildDto } from '../dto/jobs.dto';


export const jobInputOf = <T extends JobFieldsDto>({ assignee, ...rest }: T): JobInput & Omit<T, 'assignee'> => ({
  ...rest,
  ...(assignee && { assignee: assigneeOf(assignee) }),
});

export const templateChildOf = ({ children, ...fields }: TemplateChildDto): TemplateChild => ({
  ...jobInputOf(fields),
  ...(children && { children: children.map(templateChildOf) }),
});
