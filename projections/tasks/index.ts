export { tasksProjection } from './projection';
export { TASKS, TASK_REQUESTS } from './document';
export type { TaskDoc, TaskState, TaskRequest, TaskRequestDoc } from './document';
