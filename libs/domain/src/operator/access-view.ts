import type { AccessState } from './events';

/**
 * What the rules of another aggregate need to know about someone who is (to be) given work,
 * as the application read it from the operator's stream. Agents have no access state.
 */
export type AccessView = { readonly exists: boolean; readonly access: AccessState | null };
