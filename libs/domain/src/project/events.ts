import type { Event } from '../shared/event';
import type { JsonObject } from '../shared/json';

export type ProjectDefaults = {
  readonly reviewRequired: boolean;
  readonly maxAttempts: number;
  readonly git: JsonObject;
};

export const DEFAULT_PROJECT_DEFAULTS: ProjectDefaults = { reviewRequired: false, maxAttempts: 3, git: {} };

export type ProjectCreated = Event<'ProjectCreated', { slug: string; name: string; defaults: ProjectDefaults }>;
export type ProjectDefaultsChanged = Event<'ProjectDefaultsChanged', { defaults: ProjectDefaults }>;

export type ProjectEvent = ProjectCreated | ProjectDefaultsChanged;
