import type { Event } from '../shared/event';
import type { GitSettings } from '../job/execution';

export type ProjectDefaults = {
  readonly reviewRequired: boolean;
  readonly maxAttempts: number;
  /** What a job's own git settings fall back to, key by key. */
  readonly git: GitSettings;
};

export const DEFAULT_PROJECT_DEFAULTS: ProjectDefaults = { reviewRequired: false, maxAttempts: 3, git: {} };

export type ProjectCreated = Event<'ProjectCreated', { slug: string; name: string; defaults: ProjectDefaults }>;
export type ProjectDefaultsChanged = Event<'ProjectDefaultsChanged', { defaults: ProjectDefaults }>;

export type ProjectEvent = ProjectCreated | ProjectDefaultsChanged;
