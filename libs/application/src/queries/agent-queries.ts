import type { Principal } from '../auth/principal';
import type { Page } from './queries';

export class GetReadyQueueQuery { constructor(readonly principal: Principal, readonly projectSlug: string, readonly page: Page = {}) {} }
export class GetAttemptsQuery { constructor(readonly principal: Principal, readonly jobId: string) {} }
/** `attempt` absent: the latest attempt that ended. */
export class GetResultQuery { constructor(readonly principal: Principal, readonly jobId: string, readonly attempt?: number) {} }
