/** Stream names follow the EventStoreDB convention `{category}-{id}`. */
export const streams = {
  operator: (slug: string) => `operator-${slug}`,
  surface: (key: string) => `surface-${key}`,
  project: (slug: string) => `project-${slug}`,
  request: (id: string) => `request-${id}`,
  task: (id: string) => `task-${id}`,
  job: (id: string) => `job-${id}`,
  record: (id: string) => `record-${id}`,
  signal: (recordId: string) => `signal-${recordId}`,
  joblog: (jobId: string) => `joblog-${jobId}`,
  thread: (id: string) => `thread-${id}`,
  template: (id: string) => `template-${id}`,
} as const;

export type StreamCategory = keyof typeof streams;

export const categoryOf = (streamId: string): string => streamId.slice(0, streamId.indexOf('-'));
export const idOf = (streamId: string): string => streamId.slice(streamId.indexOf('-') + 1);
