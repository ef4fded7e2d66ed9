import type { Assignee } from '../shared/assignee';
import { notFound, ruleViolated } from '../shared/errors';
import type { AccessState } from './events';

/**
 * What the rules of another aggregate need to know about someone who is (to be) given work,
 * as the application read it from the operator's stream. Agents have no access state.
 */
export type AccessView = { readonly exists: boolean; readonly access: AccessState | null };

/** Operators must be registered and `active` to be given work; agents have no access state. */
export const requireAssignable = (assignee: Assignee, operator: AccessView | null): void => {
  if (assignee.kind !== 'operator') return;
  if (!operator?.exists) throw notFound('OPERATOR_NOT_FOUND', `operator ${assignee.slug} is not registered`);
  if (operator.access !== 'active') {
    throw ruleViolated('ASSIGNEE_NOT_ACTIVE', `operator ${assignee.slug} is ${operator.access} and cannot be given work`, {
      operator: assignee.slug,
      accessState: operator.access,
    });
  }
};
