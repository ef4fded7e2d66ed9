import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DefineTemplateCommand, InstantiateTemplateCommand } from '../../../../libs/application/src/jobs/commands';
import { ListTemplatesQuery } from '../../../../libs/application/src/jobs/queries';
import { PageQueryDto } from '../dto/common.dto';
import { DefineTemplateDto, InstantiateTemplateDto } from '../dto/jobs.dto';
import { Commands } from '../http/commands';
import { Caller, type RequestContext } from '../http/request-context';
import { jobInputOf, templateChildOf } from '../jobs/job-input';
import { ApiCommand, ApiRoute, CODES } from '../http/api-docs';
import { TemplateDefinedAnswer, TemplateInstantiated } from '../responses/command-answers';
import { TemplatePage } from '../responses/administration.responses';

@ApiTags('templates')
@ApiBearerAuth()
@Controller('templates')
export class TemplatesController {
  constructor(private readonly commands: Commands, private readonly queries: QueryBus) {}

  // INVALID_GIT_SETTINGS is not among them: git settings are checked as resolved, over a project's defaults, when instantiated.
  @ApiCommand({
    ok: TemplateDefinedAnswer, notFound: false, conflicts: ['TEMPLATE_EXISTS'],
    invalid: [...CODES.jobInput.filter((code) => code !== 'INVALID_GIT_SETTINGS'), 'JOB_TOO_DEEP', 'TEMPLATE_TOO_LARGE'],
  })
  @Post()
  define(@Caller() c: RequestContext, @Body() body: DefineTemplateDto) {
    return this.commands.send(c, (p, ctx) => new DefineTemplateCommand(p, ctx, { name: body.name, job: jobInputOf(body.job), children: (body.children ?? []).map(templateChildOf) }));
  }

  @ApiRoute({ ok: TemplatePage, notFound: false, invalid: CODES.page })
  @Get()
  list(@Caller() c: RequestContext, @Query() page: PageQueryDto) {
    return this.queries.execute(new ListTemplatesQuery(c.principal, page));
  }

  /** The template's job in a project, its children included. */
  @ApiCommand({
    ok: TemplateInstantiated, notFound: ['TEMPLATE_NOT_FOUND', 'PROJECT_NOT_FOUND'], conflicts: CODES.newJobConflicts, rules: CODES.newJobRules,
    invalid: ['INVALID_GIT_SETTINGS (a job\'s git settings resolved over the project\'s defaults)'],
  })
  @Post(':id/jobs')
  instantiate(@Caller() c: RequestContext, @Param('id') id: string, @Body() body: InstantiateTemplateDto) {
    return this.commands.send(c, (p, ctx) => new InstantiateTemplateCommand(p, ctx, id, body.projectSlug));
  }
}
