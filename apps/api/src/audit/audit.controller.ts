import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  GetAuditStreamQuery, GetJobAuditEventsQuery, GetJobStateAtQuery, GetLedgerDigestQuery, GetLedgerRecordsQuery, VerifyLedgerQuery, VerifyRecordQuery,
} from '../../../../libs/application/src/audit/queries';
import { JobEventsPageQueryDto, LedgerDigestQueryDto, LedgerRecordsQueryDto, StateAtQueryDto, StreamPageQueryDto } from '../dto/audit.dto';
import { Caller, type RequestContext } from '../http/request-context';
import { ApiRoute } from '../http/api-docs';
import { AuditStreamPage, JobAuditPage, JobStateAtView, LedgerDigestView, LedgerRecordsPage, LedgerVerification, RecordVerification } from '../responses/audit.responses';

/** Replay, time travel and verification, read from the log itself (admins and auditors). */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly queries: QueryBus) {}

  @ApiRoute({ ok: AuditStreamPage, notFound: ['STREAM_NOT_FOUND'] })
  @Get('streams/:stream')
  stream(@Caller() c: RequestContext, @Param('stream') stream: string, @Query() q: StreamPageQueryDto) {
    return this.queries.execute(new GetAuditStreamQuery(c.principal, stream, q.fromRevision, q.limit));
  }

  @ApiRoute({ ok: JobAuditPage, job: true })
  @Get('jobs/:id/events')
  jobEvents(@Caller() c: RequestContext, @Param('id') id: string, @Query() q: JobEventsPageQueryDto) {
    return this.queries.execute(new GetJobAuditEventsQuery(c.principal, id, q.after, q.limit));
  }

  @ApiRoute({ ok: JobStateAtView, job: true, notFound: ['REVISION_NOT_FOUND'], rules: ['JOB_STREAM_ALTERED'] })
  @Get('jobs/:id/state')
  jobState(@Caller() c: RequestContext, @Param('id') id: string, @Query() q: StateAtQueryDto) {
    return this.queries.execute(new GetJobStateAtQuery(c.principal, id, q.revision));
  }

  @ApiRoute({ ok: RecordVerification, notFound: ['RECORD_NOT_FOUND'] })
  @Get('records/:id/verify')
  verifyRecord(@Caller() c: RequestContext, @Param('id') id: string) {
    return this.queries.execute(new VerifyRecordQuery(c.principal, id));
  }

  @ApiRoute({ ok: LedgerDigestView, notFound: ['PROJECT_NOT_FOUND'] })
  @Get('ledger/:project/digest')
  digest(@Caller() c: RequestContext, @Param('project') project: string) {
    return this.queries.execute(new GetLedgerDigestQuery(c.principal, project));
  }

  @ApiRoute({ ok: LedgerRecordsPage, notFound: ['PROJECT_NOT_FOUND'] })
  @Get('ledger/:project/records')
  records(@Caller() c: RequestContext, @Param('project') project: string, @Query() q: LedgerRecordsQueryDto) {
    return this.queries.execute(new GetLedgerRecordsQuery(c.principal, project, q.from, q.limit));
  }

  @ApiRoute({ ok: LedgerVerification, notFound: ['PROJECT_NOT_FOUND'] })
  @Get('ledger/:project/verify')
  verifyLedger(@Caller() c: RequestContext, @Param('project') project: string, @Query() q: LedgerDigestQueryDto) {
    return this.queries.execute(new VerifyLedgerQuery(c.principal, project, q.count, q.count === 0 ? null : (q.headHash as string)));
  }
}
