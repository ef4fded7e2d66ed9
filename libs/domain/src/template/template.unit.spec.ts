import { spec } from '../testing/decider-specification';
import { templateDecider, type TemplateCommand } from './decider';
import type { TemplateChild, TemplateDefined, TemplateJob } from './events';

const template = spec(templateDecider);
const define = (children: TemplateChild[] = [], job: TemplateJob = { description: 'Release 1.2\nTag, build, publish' }): TemplateCommand => ({
  type: 'DefineTemplate', templateId: 'tpl-1', name: ' Release ', job, children,
});
const defined = (command: TemplateCommand): TemplateDefined => {
  const { type: _t, ...data } = command;
  return { type: 'TemplateDefined', data: { ...data, name: data.name.trim() } };
};

describe('template: define', () => {
  it('defines a job with its children', () => {
    const command = define([{ description: 'Tag', priority: 1 }, { description: 'Build', children: [{ description: 'Linux' }] }]);
    template.given([]).when(command).then([defined(command)]);
  });

  it('is defined once', () => {
    template.given([defined(define())]).when(define()).thenThrows('TEMPLATE_EXISTS', { kind: 'conflict' });
  });

  it('refuses a job that could not be created, saying which', () => {
    template.given([]).when(define([{ description: 'ok' }, { description: 'bad', priority: 6 }]))
      .thenThrows('INVALID_PRIORITY', { details: { job: 'job.children[1]' } });
    template.given([]).when(define([], { description: '' })).thenThrows('FIELD_REQUIRED', { details: { job: 'job' } });
  });

  it('leaves to the project\'s defaults what its git settings leave out: the resolved rules wait for instantiation', () => {
    const branchless = define([{ description: 'pin', execution: { git: { refPolicy: 'explicit' } } }], {
      description: 'branch', execution: { git: { createBranch: 'always' } },
    });
    template.given([]).when(branchless).then([defined(branchless)]);
  });

  it('still refuses git settings invalid as given: an unknown value, a placeholder other than ${job_id}', () => {
    template.given([]).when(define([], { description: 'g', execution: { git: { branch: 'b/${user}' } } }))
      .thenThrows('INVALID_EXECUTION', { details: { job: 'job' } });
    template.given([]).when(define([{ description: 'g', execution: { git: { push: 'sometimes' as never } } }]))
      .thenThrows('INVALID_EXECUTION', { details: { job: 'job.children[0]' } });
  });

  it('nests at most three levels', () => {
    template.given([]).when(define([{ description: 'a', children: [{ description: 'b', children: [{ description: 'c' }] }] }]))
      .thenThrows('JOB_TOO_DEEP', { kind: 'validation' });
  });
});
