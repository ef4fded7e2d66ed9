import { idOf } from '../../libs/domain/src/shared/streams';
import type { RecordedEvent } from '../../libs/eventstore/src/port';
import type { ProjectionWriter } from '../../libs/readstore/src/port';
import type { Projection } from '../projection';
import { isEvent, reduce, typesOf } from '../shared/events';
import { alreadyApplied, positionOf, touched } from '../shared/position';
import { newTaskDoc, TASK_REQUESTS, TASKS, type TaskDoc, type TaskRequestDoc } from './document';
import { taskHandlers } from './handlers';

const apply = async (event: RecordedEvent, writer: ProjectionWriter): Promise<void> => {
  if (isEvent(event, 'RequestSubmitted')) {
    const { requestId, customer, details, notes } = event.data;
    if (!(await writer.get(TASK_REQUESTS, requestId))) writer.put(TASK_REQUESTS, { _id: requestId, customer, details, notes, lastPosition: positionOf(event) });
    return;
  }
  if (isEvent(event, 'TaskOpened')) {
    if (await writer.get(TASKS, event.data.taskId)) return;
    const request = await writer.get<TaskRequestDoc>(TASK_REQUESTS, event.data.requestId);
    writer.put(TASKS, newTaskDoc(event, request && { customer: request.customer, details: request.details, notes: request.notes }));
    return;
  }
  const doc = await writer.get<TaskDoc>(TASKS, idOf(event.streamId));
  if (doc && !alreadyApplied(doc, event)) writer.put(TASKS, touched(reduce(taskHandlers, doc, event), event));
};

export const tasksProjection: Projection = {
  name: 'tasks',
  collections: [
    {
      name: TASKS,
      indexes: [
        { name: 'state_created', fields: [['state', 1], ['createdAt', 1]] }, // the governance queue
        { name: 'assignee_created', fields: [['assigneeKey', 1], ['createdAt', 1]] }, // a Task Inbox
        { name: 'project_created', fields: [['projectSlug', 1], ['createdAt', 1]] },
      ],
    },
    { name: TASK_REQUESTS, indexes: [] },
  ],
  eventTypes: ['RequestSubmitted', 'TaskOpened', ...typesOf(taskHandlers)],
  apply,
};
