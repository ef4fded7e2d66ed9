import { spec } from '../testing/decider-specification';
import { projectDecider } from './decider';
import type { ProjectEvent } from './events';

const project = spec(projectDecider);
const defaults = { reviewRequired: true, maxAttempts: 3, git: { branch: 'main' } };
const created: ProjectEvent = { type: 'ProjectCreated', data: { slug: 'detailing', name: 'Detailing', defaults } };

describe('project', () => {
  it('creates a project with its defaults', () => {
    project.given([]).when({ type: 'CreateProject', slug: 'detailing', name: ' Detailing ', defaults }).then([created]);
  });

  it('creates a slug once', () => {
    project.given([created]).when({ type: 'CreateProject', slug: 'detailing', name: 'Again', defaults }).thenThrows('PROJECT_EXISTS', { kind: 'conflict' });
  });

  it('refuses a slug that cannot prefix job ids', () => {
    project.given([]).when({ type: 'CreateProject', slug: 'Detailing_2', name: 'D', defaults }).thenThrows('INVALID_SLUG');
  });

  it.each([0, 101, 2.5])('refuses maxAttempts %d', (maxAttempts) => {
    project.given([]).when({ type: 'CreateProject', slug: 'detailing', name: 'D', defaults: { ...defaults, maxAttempts } })
      .thenThrows('INVALID_MAX_ATTEMPTS', { kind: 'validation' });
    project.given([created]).when({ type: 'ChangeProjectDefaults', defaults: { ...defaults, maxAttempts } }).thenThrows('INVALID_MAX_ATTEMPTS');
  });

  it('changes the defaults', () => {
    const next = { reviewRequired: false, maxAttempts: 1, git: {} };
    project.given([created]).when({ type: 'ChangeProjectDefaults', defaults: next }).then([{ type: 'ProjectDefaultsChanged', data: { defaults: next } }]);
  });

  it('keeps the defaults a change leaves out; git is replaced as a whole', () => {
    project.given([created]).when({ type: 'ChangeProjectDefaults', defaults: { maxAttempts: 5 } })
      .then([{ type: 'ProjectDefaultsChanged', data: { defaults: { reviewRequired: true, maxAttempts: 5, git: { branch: 'main' } } } }]);
    project.given([created]).when({ type: 'ChangeProjectDefaults', defaults: { git: { push: 'on_success' } } })
      .then([{ type: 'ProjectDefaultsChanged', data: { defaults: { reviewRequired: true, maxAttempts: 3, git: { push: 'on_success' } } } }]);
    project.given([created]).when({ type: 'ChangeProjectDefaults', defaults: { git: {} } })
      .then([{ type: 'ProjectDefaultsChanged', data: { defaults: { reviewRequired: true, maxAttempts: 3, git: {} } } }]);
  });

  it('records nothing when the defaults would stay the same', () => {
    project.given([created]).when({ type: 'ChangeProjectDefaults', defaults: {} }).thenNothing();
    project.given([created]).when({ type: 'ChangeProjectDefaults', defaults: { reviewRequired: true, git: { branch: 'main', push: undefined } } }).thenNothing();
  });

  it('changes the defaults of a project stored with `git: null` (accepted before null defaults were refused)', () => {
    const stored = { type: 'ProjectCreated', data: { slug: 'detailing', name: 'Detailing', defaults: { ...defaults, git: null } } } as unknown as ProjectEvent;
    project.given([stored]).when({ type: 'ChangeProjectDefaults', defaults: { maxAttempts: 5 } })
      .then([{ type: 'ProjectDefaultsChanged', data: { defaults: { reviewRequired: true, maxAttempts: 5, git: {} } } }]);
    project.given([stored]).when({ type: 'ChangeProjectDefaults', defaults: { git: {} } }).thenNothing();
  });

  it('cannot change the defaults of a missing project', () => {
    project.given([]).when({ type: 'ChangeProjectDefaults', defaults }).thenThrows('PROJECT_NOT_FOUND', { kind: 'not_found' });
  });
});
