import type { Decider } from '../shared/decider';
import { conflict, invalid, notFound } from '../shared/errors';
import { requireSlug, requireText } from '../shared/guards';
import { changedDefaults, sameDefaults, type DefaultsChange } from './defaults';
import type { ProjectDefaults, ProjectEvent } from './events';

export type ProjectState =
  | { readonly status: 'absent' }
  | { readonly status: 'created'; readonly slug: string; readonly name: string; readonly defaults: ProjectDefaults };

export type ProjectCommand =
  | { readonly type: 'CreateProject'; readonly slug: string; readonly name: string; readonly defaults: ProjectDefaults }
  | { readonly type: 'ChangeProjectDefaults'; readonly defaults: DefaultsChange };

export const MAX_ATTEMPTS_LIMIT = 100;

export const requireMaxAttempts = (maxAttempts: number): void => {
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
    throw invalid('INVALID_MAX_ATTEMPTS', `maxAttempts must be an integer from 1 to ${MAX_ATTEMPTS_LIMIT}`);
  }
};

const checkDefaults = (d: ProjectDefaults): ProjectDefaults => {
  requireMaxAttempts(d.maxAttempts);
  return { reviewRequired: d.reviewRequired, maxAttempts: d.maxAttempts, git: d.git };
};

const evolve = (state: ProjectState, event: ProjectEvent): ProjectState => {
  switch (event.type) {
    case 'ProjectCreated':
      // Projects created before null defaults were refused may carry `git: null`: read as none.
      return { status: 'created', ...event.data, defaults: { ...event.data.defaults, git: event.data.defaults.git ?? {} } };
    case 'ProjectDefaultsChanged':
      return state.status === 'created' ? { ...state, defaults: event.data.defaults } : state;
  }
};

const decide = (command: ProjectCommand, state: ProjectState): ProjectEvent[] => {
  if (command.type === 'CreateProject') {
    if (state.status !== 'absent') throw conflict('PROJECT_EXISTS', `project ${command.slug} already exists`);
    requireSlug('slug', command.slug);
    const name = requireText('name', command.name, 200);
    return [{ type: 'ProjectCreated', data: { slug: command.slug, name, defaults: checkDefaults(command.defaults) } }];
  }
  if (state.status === 'absent') throw notFound('PROJECT_NOT_FOUND', 'project not found');
  const defaults = checkDefaults(changedDefaults(state.defaults, command.defaults));
  // A change that changes nothing is not recorded: the project's history lists real changes only.
  if (sameDefaults(defaults, state.defaults)) return [];
  return [{ type: 'ProjectDefaultsChanged', data: { defaults } }];
};

export const projectDecider: Decider<ProjectState, ProjectCommand, ProjectEvent> = {
  initialState: () => ({ status: 'absent' }),
  evolve,
  decide,
};
