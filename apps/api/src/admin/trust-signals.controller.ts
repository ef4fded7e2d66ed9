import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { GetTrustSignalsQuery, ListTrustSignalsQuery } from '../../../../libs/application/src/admin/trust-signals.queries';
import { PageQueryDto } from '../dto/common.dto';
import { Caller, type RequestContext } from '../http/request-context';
import { ApiRoute, CODES } from '../http/api-docs';
import { TrustSignalSummaryPage, TrustSignalsView } from '../responses/admin.responses';

/** The ⭐ trust signals by earner, for dashboards (the `trust_signals` read model). Admins and auditors. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/trust-signals')
export class TrustSignalsController {
  constructor(private readonly queries: QueryBus) {}

  @ApiRoute({ ok: TrustSignalSummaryPage, notFound: false, invalid: CODES.page })
  @Get()
  list(@Caller() c: RequestContext, @Query() q: PageQueryDto) {
    return this.queries.execute(new ListTrustSignalsQuery(c.principal, q));
  }

  @ApiRoute({ ok: TrustSignalsView, notFound: false, invalid: ['INVALID_EARNER (not operator:<slug> nor agent:<id>)', ...CODES.page] })
  @ApiParam({ name: 'earner', example: 'operator:ana', description: '`operator:<slug>` or `agent:<id>`' })
  @Get(':earner')
  get(@Caller() c: RequestContext, @Param('earner') earner: string, @Query() q: PageQueryDto) {
    return this.queries.execute(new GetTrustSignalsQuery(c.principal, earner, q));
  }
}
