import { checkedJobFields } from '../job/creation';
import type { Decider } from '../shared/decider';
import { conflict, DomainError, invalid } from '../shared/errors';
import { requireSlug, requireText } from '../shared/guards';
import { MAX_JOB_DEPTH } from '../shared/ids';
import type { TemplateChild, TemplateDefined, TemplateEvent, TemplateJob } from './events';

export type TemplateState = { readonly status: 'absent' } | ({ readonly status: 'defined' } & TemplateDefined['data']);

export type TemplateCommand = { readonly type: 'DefineTemplate' } & TemplateDefined['data'];

export const MAX_TEMPLATE_JOBS = 100;

/**
 * Each job of the template must be valid as it stands (with neutral defaults). What its git
 * settings leave out may come from the project's defaults, so the rules only resolved settings
 * can answer wait for instantiation, which checks every job against the real project.
 */
const checkJob = (job: TemplateJob, path: string): void => {
  try {
    // Named, not looked up: like a project's defaults, a surface is read when a job is made from it.
    if (job.surface !== undefined) requireSlug('surface', job.surface);
    checkedJobFields({
      jobId: 'template', projectSlug: 'template', depth: 1, title: job.title ?? '', description: job.description,
      priority: job.priority ?? 2, phase: job.phase ?? 'ready', requiredEvidence: [], allowedEvidence: [],
      reviewRequired: job.reviewRequired ?? false, maxAttempts: job.maxAttempts ?? 1, execution: job.execution,
    });
  } catch (e) {
    throw e instanceof DomainError ? new DomainError(e.code, `${path}: ${e.message}`, e.kind, { ...e.details, job: path }) : e;
  }
};

/** Children nest at most to the jobs' own limit; the whole tree is bounded. */
const checkChildren = (children: readonly TemplateChild[], depth: number, path: string, count: { n: number }): void => {
  children.forEach((child, i) => {
    const at = `${path}.children[${i}]`;
    if (depth > MAX_JOB_DEPTH) throw invalid('JOB_TOO_DEEP', `jobs nest at most ${MAX_JOB_DEPTH} levels (${at})`, { job: at });
    if (++count.n > MAX_TEMPLATE_JOBS) throw invalid('TEMPLATE_TOO_LARGE', `a template holds at most ${MAX_TEMPLATE_JOBS} jobs`);
    checkJob(child, at);
    checkChildren(child.children ?? [], depth + 1, at, count);
  });
};

const decide = (command: TemplateCommand, state: TemplateState): TemplateEvent[] => {
  if (state.status !== 'absent') throw conflict('TEMPLATE_EXISTS', `template ${command.templateId} already exists`);
  const name = requireText('name', command.name, 200);
  checkJob(command.job, 'job');
  checkChildren(command.children, 2, 'job', { n: 1 });
  const { type: _type, ...data } = command;
  return [{ type: 'TemplateDefined', data: { ...data, name } }];
};

export const templateDecider: Decider<TemplateState, TemplateCommand, TemplateEvent> = {
  initialState: () => ({ status: 'absent' }),
  evolve: (_state, event) => ({ status: 'defined', ...event.data }),
  decide,
};
