import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ApplicationModule, type ApplicationOptions } from '../../../libs/application/src/application.module';
import { CatalogController } from './administration/catalog.controller';
import { OperatorsController } from './administration/operators.controller';
import { AuditController } from './audit/audit.controller';
import { AuthGuard } from './auth/auth.guard';
import { ErrorFilter } from './errors/error.filter';
import { RequestsController } from './governance/requests.controller';
import { TasksController } from './governance/tasks.controller';
import { HealthController } from './health/health.controller';
import { Commands } from './http/commands';
import { DependenciesController } from './jobs/dependencies.controller';
import { ExecutionController } from './jobs/execution.controller';
import { JobShapeController } from './jobs/job-shape.controller';
import { ProjectJobsController } from './jobs/project-jobs.controller';
import { AgentExecutionController } from './jobs/agent-execution.controller';
import { LogsController } from './joblog/logs.controller';
import { LiveController } from './live/live.controller';
import { LiveFeed } from './live/live-feed';
import { ThreadsController } from './threads/threads.controller';
import { AdminJobsController } from './admin/admin-jobs.controller';
import { TrustSignalsController } from './admin/trust-signals.controller';
import { ReadyQueueController } from './jobs/ready-queue.controller';
import { ReviewController } from './jobs/review.controller';
import { MetricsController } from './operations/metrics.controller';
import { ProjectionsController } from './operations/projections.controller';
import { RecordsController } from './records/records.controller';
import { TemplatesController } from './templates/templates.controller';
import { QueryKeysGuard } from './http/query-keys.guard';

/** Every route of the API (the OpenAPI document's unit check reads them without a server). */
export const API_CONTROLLERS = [
  RequestsController, TasksController, OperatorsController, CatalogController, ExecutionController, RecordsController, AuditController, HealthController,
  ProjectJobsController, JobShapeController, DependenciesController, TemplatesController,
  LogsController, ThreadsController, AdminJobsController, TrustSignalsController,
  AgentExecutionController, ReadyQueueController, ReviewController, LiveController,
  ProjectionsController, MetricsController,
] as const;

@Module({})
export class ApiModule {
  static forRoot(options: ApplicationOptions): DynamicModule {
    return {
      module: ApiModule,
      imports: [ApplicationModule.forRoot(options)],
      controllers: [...API_CONTROLLERS],
      providers: [Commands, LiveFeed, { provide: APP_GUARD, useClass: AuthGuard }, { provide: APP_GUARD, useClass: QueryKeysGuard }, { provide: APP_FILTER, useClass: ErrorFilter }],
    };
  }
}
