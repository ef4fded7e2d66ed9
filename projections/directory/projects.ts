import type { ProjectDefaults, ProjectEvent } from '../../libs/domain/src/project/events';
import type { Handlers } from '../shared/events';

export const PROJECTS = 'projects';

/** The `projects` document: a project and the defaults new jobs in it get. */
export type ProjectDoc = {
  readonly _id: string;
  readonly slug: string;
  readonly name: string;
  readonly defaults: ProjectDefaults;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastPosition: string;
};

export const projectHandlers: Handlers<ProjectDoc | null, ProjectEvent, ProjectDoc | null> = {
  ProjectCreated: (doc, { data, metadata, recordedAt }) =>
    doc ?? {
      _id: data.slug, slug: data.slug, name: data.name, defaults: data.defaults,
      createdAt: metadata.occurredAt, updatedAt: recordedAt, lastPosition: '-1',
    },
  ProjectDefaultsChanged: (doc, { data }) => doc && { ...doc, defaults: data.defaults },
};
