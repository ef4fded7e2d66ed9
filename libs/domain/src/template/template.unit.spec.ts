import { spec } from '../testing/decider-specification';
import { templateDecider, type TemplateCommand } from './decider';
import type { TemplateChild, TemplateDefined } from './events';

const template = spec(templateDecider);
const define = (children: TemplateChild[] = [], job = { description: 'Release 1.2\nTag, build, publish' }): TemplateCommand => ({
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

  it('nests at most three levels', () => {
    template.given([]).when(define([{ description: 'a', children: [{ description: 'b', children: [{ description: 'c' }] }] }]))
      .thenThrows('JOB_TOO_DEEP', { kind: 'validation' });
  });
});
