import { clientFor as anyClientFor, type ConnectionOptions } from '../shared/connection';

export { withConnection, type ConnectionOptions } from '../shared/connection';

/** The audit verbs need an admin or auditor token: the hint names the auditor's. */
export const clientFor = (o: ConnectionOptions) => anyClientFor(o, 'auditor');
