import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { GetRecordQuery } from '../../../../libs/application/src/queries/queries';
import { Caller, type RequestContext } from '../http/request-context';
import { ApiRoute } from '../http/api-docs';
import { RecordView } from '../responses/records.responses';

@ApiTags('records')
@ApiBearerAuth()
@Controller('records')
export class RecordsController {
  constructor(private readonly queries: QueryBus) {}

  @ApiRoute({ ok: RecordView, notFound: ['RECORD_NOT_FOUND'] })
  @Get(':id')
  get(@Caller() c: RequestContext, @Param('id') id: string) {
    return this.queries.execute(new GetRecordQuery(c.principal, id));
  }
}
