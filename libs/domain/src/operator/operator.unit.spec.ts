import { fold } from '../shared/decider';
import { spec } from '../testing/decider-specification';
import { operatorDecider } from './decider';
import type { OperatorEvent } from './events';

const operator = spec(operatorDecider);
const registered: OperatorEvent = { type: 'OperatorRegistered', data: { slug: 'alice', name: 'Alice Moreau', canGovern: false } };
const limited: OperatorEvent = { type: 'OperatorAccessChanged', data: { from: 'active', to: 'limited', reason: 'missed training' } };

describe('operator', () => {
  it('registers an operator, who starts active', () => {
    operator.given([]).when({ type: 'RegisterOperator', slug: 'alice', name: ' Alice Moreau ', canGovern: false }).then([registered]);
    expect(fold(operatorDecider, [registered])).toMatchObject({ status: 'registered', access: 'active' });
  });

  it('registers a slug once', () => {
    operator.given([registered]).when({ type: 'RegisterOperator', slug: 'alice', name: 'Another Alice', canGovern: true })
      .thenThrows('OPERATOR_EXISTS', { kind: 'conflict' });
  });

  it.each(['A', 'alice smith', '1alice', 'a'])('refuses the slug %j', (slug) => {
    operator.given([]).when({ type: 'RegisterOperator', slug, name: 'Alice', canGovern: false }).thenThrows('INVALID_SLUG', { kind: 'validation' });
  });

  it('needs a name', () => {
    operator.given([]).when({ type: 'RegisterOperator', slug: 'alice', name: '  ', canGovern: false })
      .thenThrows('FIELD_REQUIRED', { details: { field: 'name' } });
  });

  it('changes access, recording where it came from', () => {
    operator.given([registered]).when({ type: 'ChangeOperatorAccess', to: 'limited', reason: 'missed training' }).then([limited]);
    operator.given([registered, limited]).when({ type: 'ChangeOperatorAccess', to: 'suspended', reason: 'complaint' })
      .then([{ type: 'OperatorAccessChanged', data: { from: 'limited', to: 'suspended', reason: 'complaint' } }]);
    expect(fold(operatorDecider, [registered, limited])).toMatchObject({ access: 'limited' });
  });

  it('records nothing when the access is already the one asked for', () => {
    operator.given([registered, limited]).when({ type: 'ChangeOperatorAccess', to: 'limited', reason: 'again' }).thenNothing();
  });

  it('needs a reason to change access', () => {
    operator.given([registered]).when({ type: 'ChangeOperatorAccess', to: 'suspended', reason: '' }).thenThrows('FIELD_REQUIRED');
  });

  it('cannot change the access of an unregistered operator', () => {
    operator.given([]).when({ type: 'ChangeOperatorAccess', to: 'active', reason: 'x' }).thenThrows('OPERATOR_NOT_FOUND', { kind: 'not_found' });
  });
});
