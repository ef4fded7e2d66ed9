import type { Execution } from '../job/execution';
import type { CreatablePhase } from '../job/events';
import type { Assignee } from '../shared/assignee';
import type { Event } from '../shared/event';

/** The job fields a template fixes; what it leaves out comes from the project's defaults. */
export type TemplateJob = {
  title?: string;
  description: string;
  acceptanceCriteria?: string;
  priority?: number;
  phase?: CreatablePhase;
  assignee?: Assignee;
  reviewRequired?: boolean;
  maxAttempts?: number;
  execution?: Execution;
  /** A surface whose evidence policy each job made from the template snapshots, as at its creation. */
  surface?: string;
};

/** A child of the template's job, with its own children (jobs nest at most 3 levels). */
export type TemplateChild = TemplateJob & { children?: TemplateChild[] };

export type TemplateDefined = Event<'TemplateDefined', { templateId: string; name: string; job: TemplateJob; children: TemplateChild[] }>;

export type TemplateEvent = TemplateDefined;
