import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { BLOB_STORE } from '../../blobstore/src/port';
import { EVENT_STORE } from '../../eventstore/src/port';
import { TimedEventStore } from '../../eventstore/src/timed-event-store';
import { READ_STORE } from '../../readstore/src/port';
import * as administration from './administration/handlers';
import * as audit from './audit/handlers';
import { AdminJobs } from './admin/admin-jobs.service';
import * as adminJobs from './admin/handlers';
import * as adminQueries from './admin/queries';
import * as trustSignalQueries from './admin/trust-signals.queries';
import type { Backends } from './backends';
import { CLOCK, systemClock, type Clock } from './commands/command-context';
import { CommandGateway, SETTLER, type Settler } from './commands/command-gateway';
import { ReadLagBound } from './commands/read-lag-bound';
import { CommandRunner, READ_LAG_BOUND } from './commands/command-runner';
import { CONFIG, type JobledgerConfig } from './config/config';
import * as agentExecution from './execution/agent-handlers';
import { ClaimReservations } from './execution/claim-reservations';
import * as execution from './execution/handlers';
import { resolverFor } from './generations/generation-resolver';
import { ReadingStore } from './generations/reading-store';
import { JobCommands } from './execution/job-commands.service';
import * as joblog from './joblog/handlers';
import * as threads from './threads/handlers';
import * as requests from './governance/request.handlers';
import * as tasks from './governance/task.handlers';
import * as jobCreate from './jobs/create.handlers';
import * as jobDependencies from './jobs/dependency.handlers';
import { JobCreation } from './jobs/job-creation.service';
import * as jobShapeQueries from './jobs/query.handlers';
import * as jobTemplates from './jobs/template.handlers';
import * as jobUpdate from './jobs/update.handler';
import { Metrics, METRICS } from './operations/metrics';
import { ProjectionOperations } from './operations/projection-operations';
import * as governanceQueries from './queries/governance.queries';
import * as agentJobQueries from './queries/agent-job.queries';
import * as jobQueries from './queries/job.queries';
import * as operatorQueries from './queries/operator.queries';
import * as review from './review/handlers';

export type ApplicationOptions = {
  readonly config: JobledgerConfig;
  readonly backends: Backends;
  readonly settler: Settler;
  readonly clock?: Clock;
};

const jobShape = [jobCreate, jobUpdate, jobDependencies, jobTemplates, jobShapeQueries];
const handlers = [
  administration, audit, adminJobs, adminQueries, trustSignalQueries, execution, agentExecution, review, joblog, threads,
  requests, tasks, governanceQueries, jobQueries, agentJobQueries, operatorQueries, ...jobShape,
].flatMap((m) =>
  Object.values(m).filter((v): v is new (...args: never[]) => unknown => typeof v === 'function'),
);

/** Everything a host (the HTTP app, an embedding service) needs to issue commands and queries. */
@Module({})
export class ApplicationModule {
  static forRoot(options: ApplicationOptions): DynamicModule {
    const metrics = new Metrics();
    return {
      module: ApplicationModule,
      global: true,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: CONFIG, useValue: options.config },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: METRICS, useValue: metrics },
        // Commands' appends are timed for /metrics.
        { provide: EVENT_STORE, useValue: new TimedEventStore(options.backends.eventStore, (s) => metrics.appendSeconds.observe(s)) },
        // Queries read each projection's active generation (see generations/).
        { provide: READ_STORE, useValue: new ReadingStore(options.backends.readStore, resolverFor(options.backends.readStore, { cacheMs: options.config.generationCacheMs })) },
        { provide: BLOB_STORE, useValue: options.backends.blobStore },
        { provide: SETTLER, useValue: options.settler },
        {
          provide: READ_LAG_BOUND,
          useValue: new ReadLagBound(options.settler, {
            boundMs: options.config.readLagBoundMs,
            maxWaitMs: options.config.settleTimeoutMs,
            onWait: (seconds) => metrics.readLagWaitSeconds.observe(seconds),
          }),
        },
        CommandRunner,
        JobCommands,
        JobCreation,
        AdminJobs,
        ClaimReservations,
        CommandGateway,
        ProjectionOperations,
        ...handlers,
      ],
      exports: [CONFIG, CLOCK, EVENT_STORE, READ_STORE, BLOB_STORE, SETTLER, METRICS, CommandGateway, ProjectionOperations, CqrsModule],
    };
  }
}
