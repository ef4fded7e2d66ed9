import { directoryProjection, OPERATORS, PROJECTS, SURFACES, type OperatorDoc, type ProjectDoc, type SurfaceDoc } from '.';
import { docOf, ev, MemoryReadStore, project, resetLog } from '../testing';

beforeEach(resetLog);

describe('directory: operators, surfaces and projects for admins', () => {
  const events = () => [
    ev.operatorRegistered('dana', 'Dana Diaz', true),
    ev.accessChanged('dana', 'active', 'limited', 'late twice'),
    ev.operatorRegistered('eli', 'Eli Ek'),
    ev.surfaceDefined('auto-detailing', ['arrival'], ['before']),
    ev.policyChanged('auto-detailing', ['arrival', 'after'], ['before', 'signature']),
    ev.projectCreated('acme', false, 3),
    ev.projectDefaultsChanged('acme', true, 5),
  ];

  it('lists operators with name, governance right and access state', async () => {
    const projected = await project(directoryProjection, events());
    expect(docOf<OperatorDoc>(projected, OPERATORS, 'dana')).toMatchObject({
      slug: 'dana', name: 'Dana Diaz', canGovern: true, accessState: 'limited', accessReason: 'late twice',
    });
    expect(docOf<OperatorDoc>(projected, OPERATORS, 'eli')).toMatchObject({ canGovern: false, accessState: 'active', accessReason: null });
  });

  it('shows the evidence policy in force now and the current project defaults', async () => {
    const projected = await project(directoryProjection, events());
    expect(docOf<SurfaceDoc>(projected, SURFACES, 'auto-detailing')).toMatchObject({
      key: 'auto-detailing', kind: 'physical', requiredEvidence: ['arrival', 'after'], allowedEvidence: ['before', 'signature'],
    });
    expect(docOf<ProjectDoc>(projected, PROJECTS, 'acme')?.defaults).toEqual({ reviewRequired: true, maxAttempts: 5, git: {} });
  });

  it('an access change for an operator never registered creates nothing', async () => {
    const projected = await project(directoryProjection, [ev.accessChanged('ghost', 'active', 'suspended')]);
    expect(projected.get(OPERATORS)).toEqual([]);
  });

  it('applying the events twice gives identical documents', async () => {
    const list = events();
    const store = new MemoryReadStore();
    const once = await project(directoryProjection, list, store);
    expect(await project(directoryProjection, list, store)).toEqual(once);
  });
});
