import type { Principal } from '../auth/principal';

export type Page = { readonly cursor?: string; readonly limit?: number };

export class GetDeskQuery { constructor(readonly principal: Principal, readonly slug: string) {} }
export class GetOperatorJobsQuery { constructor(readonly principal: Principal, readonly slug: string, readonly jobId?: string, readonly page: Page = {}) {} }
export class GetOperatorQuery { constructor(readonly principal: Principal, readonly slug: string) {} }
export class GetJobQuery { constructor(readonly principal: Principal, readonly jobId: string) {} }
export class GetRecordQuery { constructor(readonly principal: Principal, readonly recordId: string) {} }
export class GetRequestQuery { constructor(readonly principal: Principal, readonly requestId: string) {} }
export class GetTaskQuery { constructor(readonly principal: Principal, readonly taskId: string) {} }
export class ListTasksQuery { constructor(readonly principal: Principal, readonly filter: { assignee?: string; state?: string }, readonly page: Page = {}) {} }
export class ListSurfacesQuery { constructor(readonly principal: Principal, readonly page: Page = {}) {} }
export class GetProjectQuery { constructor(readonly principal: Principal, readonly slug: string) {} }
export class GetEvidenceContentQuery { constructor(readonly principal: Principal, readonly jobId: string, readonly evidenceId: string) {} }
