import { templatesProjection, TEMPLATES, type TemplateDoc } from '.';
import { docOf, project, recorded, resetLog } from '../testing';

beforeEach(resetLog);

describe('templates', () => {
  it('keeps each defined template as GET /templates lists it', async () => {
    const data = { templateId: 'tpl-1', name: 'Release', job: { description: 'Release' }, children: [{ description: 'Tag' }] };
    const defined = recorded('template-tpl-1', 'TemplateDefined', data);
    const doc = docOf<TemplateDoc>(await project(templatesProjection, [defined]), TEMPLATES, 'tpl-1');
    expect(doc).toEqual({ _id: 'tpl-1', ...data, definedAt: defined.metadata.occurredAt, lastPosition: defined.position.toString() });
  });
});
