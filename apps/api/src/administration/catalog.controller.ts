import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  ChangeProjectDefaultsCommand, ChangeSurfaceEvidencePolicyCommand, CreateProjectCommand, DefineSurfaceCommand,
} from '../../../../libs/application/src/administration/commands';
import { GetProjectQuery, ListSurfacesQuery } from '../../../../libs/application/src/queries/queries';
import { DEFAULT_PROJECT_DEFAULTS } from '../../../../libs/domain/src/project/events';
import { ChangeProjectDefaultsDto, ChangeSurfacePolicyDto, CreateProjectDto, DefineSurfaceDto } from '../dto/administration.dto';
import { Commands } from '../http/commands';
import { PageQueryDto } from '../dto/common.dto';
import { Caller, type RequestContext } from '../http/request-context';
import { ApiCommand, ApiRoute, CODES } from '../http/api-docs';
import { ProjectCreated, ProjectDefaultsChanged, SurfaceDefined, SurfacePolicyChanged } from '../responses/command-answers';
import { ProjectView, SurfaceList } from '../responses/administration.responses';

@ApiTags('administration')
@ApiBearerAuth()
@Controller()
export class CatalogController {
  constructor(private readonly commands: Commands, private readonly queries: QueryBus) {}

  @ApiCommand({ ok: SurfaceDefined, notFound: false, invalid: ['INVALID_SLUG', 'INVALID_EVIDENCE_CATEGORY', ...CODES.text], conflicts: ['SURFACE_EXISTS'] })
  @Post('surfaces')
  defineSurface(@Caller() c: RequestContext, @Body() body: DefineSurfaceDto) {
    return this.commands.send(c, (p, ctx) => new DefineSurfaceCommand(p, ctx, { ...body, allowedEvidence: body.allowedEvidence ?? [] }));
  }

  /** The evidence policy the next jobs of this surface snapshot; jobs already created keep theirs (SPEC §2). */
  @ApiCommand({ ok: SurfacePolicyChanged, invalid: ['INVALID_EVIDENCE_CATEGORY'], notFound: ['SURFACE_NOT_FOUND'] })
  @Patch('surfaces/:key')
  changeSurfacePolicy(@Caller() c: RequestContext, @Param('key') key: string, @Body() body: ChangeSurfacePolicyDto) {
    const { requiredEvidence, allowedEvidence } = body;
    return this.commands.send(c, (p, ctx) => new ChangeSurfaceEvidencePolicyCommand(p, ctx, key, { requiredEvidence, allowedEvidence }));
  }

  @ApiRoute({ ok: SurfaceList, forbidden: false, notFound: false, invalid: CODES.page })
  @Get('surfaces')
  surfaces(@Caller() c: RequestContext, @Query() page: PageQueryDto) {
    return this.queries.execute(new ListSurfacesQuery(c.principal, page));
  }

  @ApiCommand({ ok: ProjectCreated, notFound: false, invalid: ['INVALID_SLUG', 'INVALID_MAX_ATTEMPTS', ...CODES.text], conflicts: ['PROJECT_EXISTS'] })
  @Post('projects')
  createProject(@Caller() c: RequestContext, @Body() body: CreateProjectDto) {
    // Only the defaults the caller gave override the built-in ones (absent keys stay absent).
    const given = Object.fromEntries(Object.entries(body.defaults ?? {}).filter(([, v]) => v !== undefined));
    const defaults = { ...DEFAULT_PROJECT_DEFAULTS, ...given };
    return this.commands.send(c, (p, ctx) => new CreateProjectCommand(p, ctx, { slug: body.slug, name: body.name, defaults }));
  }

  /** The defaults the next jobs of this project get; jobs already created keep theirs. */
  @ApiCommand({ ok: ProjectDefaultsChanged, invalid: ['INVALID_MAX_ATTEMPTS'], notFound: ['PROJECT_NOT_FOUND'] })
  @Patch('projects/:slug')
  changeProjectDefaults(@Caller() c: RequestContext, @Param('slug') slug: string, @Body() body: ChangeProjectDefaultsDto) {
    const { reviewRequired, maxAttempts, git } = body.defaults ?? {};
    return this.commands.send(c, (p, ctx) => new ChangeProjectDefaultsCommand(p, ctx, slug, { reviewRequired, maxAttempts, git }));
  }

  @ApiRoute({ ok: ProjectView, inProject: true, notFound: ['PROJECT_NOT_FOUND'] })
  @Get('projects/:slug')
  project(@Caller() c: RequestContext, @Param('slug') slug: string) {
    return this.queries.execute(new GetProjectQuery(c.principal, slug));
  }
}
