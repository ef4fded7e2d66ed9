import type { Principal } from '../auth/principal';

/** A job's events per page of `/audit/jobs/:id/events`, at most and by default. */
export const JOB_EVENTS_PAGE = 1000;

export class GetAuditStreamQuery { constructor(readonly principal: Principal, readonly stream: string, readonly fromRevision = 0, readonly limit = 100) {} }
/** `after`: a global position (decimal string); the page holds the events after it. */
export class GetJobAuditEventsQuery { constructor(readonly principal: Principal, readonly jobId: string, readonly after?: string, readonly limit = JOB_EVENTS_PAGE) {} }
export class GetJobStateAtQuery { constructor(readonly principal: Principal, readonly jobId: string, readonly revision?: number) {} }
export class VerifyRecordQuery { constructor(readonly principal: Principal, readonly recordId: string) {} }
export class GetLedgerDigestQuery { constructor(readonly principal: Principal, readonly project: string) {} }
export class GetLedgerRecordsQuery { constructor(readonly principal: Principal, readonly project: string, readonly from = 1, readonly limit = 100) {} }
export class VerifyLedgerQuery { constructor(readonly principal: Principal, readonly project: string, readonly count: number, readonly headHash: string | null) {} }
