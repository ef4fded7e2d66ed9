import { idOf } from '../../libs/domain/src/shared/streams';
import type { RecordedEvent } from '../../libs/eventstore/src/port';
import type { ProjectionWriter } from '../../libs/readstore/src/port';
import type { Projection } from '../projection';
import { isEvent, reduce, typesOf } from '../shared/events';
import { evolveLifecycle, LIFECYCLE_EVENT_TYPES, lifecycleOf } from '../shared/lifecycle';
import { alreadyApplied, positionOf, touched } from '../shared/position';
import {
  jobLinkId, newRequestDoc, REQUEST_LINKS, REQUESTS, taskLinkId, type JobLinkDoc, type RequestDoc, type TaskLinkDoc,
} from './document';
import { governanceHandlers, statusOfJob } from './status';

const updateRequest = async (writer: ProjectionWriter, requestId: string, event: RecordedEvent, change: (doc: RequestDoc) => RequestDoc) => {
  const doc = await writer.get<RequestDoc>(REQUESTS, requestId);
  if (doc && !alreadyApplied(doc, event)) writer.put(REQUESTS, touched(change(doc), event));
};

/** Which request a task or job event is about, through the links; null for work no request started. */
const requestOf = async (writer: ProjectionWriter, event: RecordedEvent): Promise<string | null> => {
  if (event.streamId.startsWith('request-')) return idOf(event.streamId);
  return (await writer.get<TaskLinkDoc>(REQUEST_LINKS, taskLinkId(idOf(event.streamId))))?.requestId ?? null;
};

/**
 * The job's link with this event folded in (`changed`), or as stored when it already holds the
 * event; null when the job came from no request.
 */
const nextJobLink = async (event: RecordedEvent, writer: ProjectionWriter): Promise<{ link: JobLinkDoc; changed: boolean } | null> => {
  const stored = await writer.get<JobLinkDoc>(REQUEST_LINKS, jobLinkId(idOf(event.streamId)));
  if (isEvent(event, 'JobCreated')) {
    const { origin, jobId } = event.data;
    if (stored) return { link: stored, changed: false };
    if (!origin) return null;
    return { link: { _id: jobLinkId(jobId), requestId: origin.requestId, ...lifecycleOf(event.data), claimed: false, lastPosition: positionOf(event) }, changed: true };
  }
  if (!stored) return null;
  if (alreadyApplied(stored, event)) return { link: stored, changed: false };
  return { link: { ...evolveLifecycle(stored, event), claimed: stored.claimed || isEvent(event, 'JobClaimed'), lastPosition: positionOf(event) }, changed: true };
};

/**
 * The link and the request are each decided by their own guard: on a standalone MongoDB a
 * batch is written collection by collection, so a redelivered event may find the link
 * written and the request not. The request then takes the link as stored — a later state at
 * worst, which the later events would have given it anyway.
 */
const applyJobEvent = async (event: RecordedEvent, writer: ProjectionWriter) => {
  const next = await nextJobLink(event, writer);
  if (!next) return;
  if (next.changed) writer.put(REQUEST_LINKS, next.link);
  await updateRequest(writer, next.link.requestId, event, (doc) => ({ ...doc, jobId: idOf(event.streamId), ...statusOfJob(next.link) }));
};

const apply = async (event: RecordedEvent, writer: ProjectionWriter): Promise<void> => {
  if (isEvent(event, 'RequestSubmitted')) {
    if (!(await writer.get(REQUESTS, event.data.requestId))) writer.put(REQUESTS, newRequestDoc(event));
    return;
  }
  if (event.streamId.startsWith('job-')) return applyJobEvent(event, writer);
  if (isEvent(event, 'RequestIntaken')) {
    const id = taskLinkId(event.data.taskId);
    if (!(await writer.get(REQUEST_LINKS, id))) writer.put(REQUEST_LINKS, { _id: id, requestId: idOf(event.streamId), lastPosition: positionOf(event) });
  }
  const requestId = await requestOf(writer, event);
  if (requestId) await updateRequest(writer, requestId, event, (doc) => reduce(governanceHandlers, doc, event));
};

export const requestsProjection: Projection = {
  name: 'requests',
  collections: [
    { name: REQUESTS, indexes: [{ name: 'requester_submitted', fields: [['requester', 1], ['submittedAt', -1]] }] },
    { name: REQUEST_LINKS, indexes: [] },
  ],
  eventTypes: ['RequestSubmitted', ...typesOf(governanceHandlers), 'JobCreated', ...LIFECYCLE_EVENT_TYPES],
  apply,
};
