import { definedOnly, type GitSettings } from '../job/execution';
import type { ProjectDefaults } from './events';

/** What `ChangeProjectDefaults` names (`PATCH /projects/:slug`): only the defaults that change. */
export type DefaultsChange = {
  readonly reviewRequired?: boolean;
  readonly maxAttempts?: number;
  readonly git?: GitSettings;
};

/**
 * The defaults after a change: each one named replaces the one in force, the others stay.
 * `git` is one default, replaced as a whole (`{}` clears it): merging it key by key would need
 * a way to say "remove this key", and the answer shows the result either way.
 */
export const changedDefaults = (current: ProjectDefaults, change: DefaultsChange): ProjectDefaults => ({
  reviewRequired: change.reviewRequired ?? current.reviewRequired,
  maxAttempts: change.maxAttempts ?? current.maxAttempts,
  git: definedOnly(change.git ?? current.git),
});

const sameGit = (a: GitSettings, b: GitSettings): boolean => {
  const [x, y] = [definedOnly(a), definedOnly(b)] as Record<string, unknown>[];
  return Object.keys(x).length === Object.keys(y).length && Object.entries(x).every(([k, v]) => y[k] === v);
};

export const sameDefaults = (a: ProjectDefaults, b: ProjectDefaults): boolean =>
  a.reviewRequired === b.reviewRequired && a.maxAttempts === b.maxAttempts && sameGit(a.git, b.git);
