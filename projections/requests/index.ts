export { requestsProjection } from './projection';
export { REQUESTS, REQUEST_LINKS } from './document';
export type { RequestDoc, RequestStatus, TaskLinkDoc, JobLinkDoc } from './document';
